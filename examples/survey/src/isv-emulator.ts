import type { SurveyConfig } from './config.js';

/**
 * Against the emulator only: what a provider does in 服务商管理端 once the app runs — save the command URL (the
 * emulator checks it with a GET) and refresh the suite_ticket (刷新Ticket), so an install works at once instead of
 * after the platform's next push (up to 10 minutes; the emulator re-checks the URL each minute until it answers).
 */
export async function requestSuiteTicket(
  config: SurveyConfig,
  options: {
    fetch?: typeof fetch;
    /** The emulator's origin; '' for an in-process emulator's fetch. Default: http://WXKIT_EMULATOR_HOST. */
    emulatorUrl?: string;
  } = {},
): Promise<{ ok: boolean; reason?: string }> {
  const fetcher = options.fetch ?? fetch;
  const control = async (path: string) => {
    const response = await fetcher(
      `${options.emulatorUrl ?? `http://${config.emulatorHost ?? ''}`}/_emulator/providers/${path}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ suiteId: config.isv.suiteId }),
      },
    );
    return (await response.json()) as { ok?: boolean; status?: number; reason?: string; error?: unknown };
  };
  const checked = await control('verify');
  if (checked.ok !== true)
    return {
      ok: false,
      reason: `command URL check: ${checked.reason ?? JSON.stringify(checked.error ?? checked)}`,
    };
  const ticket = await control('ticket');
  return ticket.status === 200
    ? { ok: true }
    : { ok: false, reason: `suite_ticket push: ${JSON.stringify(ticket.error ?? ticket)}` };
}
