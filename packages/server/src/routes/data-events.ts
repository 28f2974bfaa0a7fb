import { isWxCryptoError, type Logger } from '@wxkit/core';
import type { WxCall, WxReply } from '../call.js';
import { errorReply, text } from '../http.js';
import type { CallbackSetup, TenantCallbacks } from './event-config.js';
import type { DeliveryContext } from './event-delivery.js';
import { type EventHandler, events } from './events.js';

/** What a corp id in the path may look like: the platform's (ww…, wx…) and encrypted (case-sensitive) ids. */
const CORP_SEGMENT = /^[A-Za-z0-9_-]{1,128}$/;
/** Distinct refusals logged per process: after that only the metric counts them (no log flood from a scanner). */
const MAX_LOGGED = 1000;

/**
 * GET|POST {prefix}/events/{corpId}: a provider app's data callback (数据回调). The corp in the path must be a
 * tenant of the suite; its messages are decrypted with that corp's id as receive id and must name it as
 * ToUserName; then they go through the one events route (dedupe, handlers, replies), each event with `corpId`.
 */
export function dataEvents(
  ctx: DeliveryContext & { clock: () => number; logger: Logger; prefix: string },
  setup: CallbackSetup & { tenants: TenantCallbacks },
  handlers: Map<string, EventHandler[]>,
) {
  const logged = new Set<string>();
  const log = (corpId: string, code: string, message: string) => {
    const once = `${code}:${corpId}`;
    if (logged.has(once) || logged.size >= MAX_LOGGED) return;
    logged.add(once);
    ctx.logger.warn('provider data callback refused', { corpId, code, message });
  };
  const refuse = (corpId: string, status: number, code: string, message: string, hint: string) => {
    log(corpId, code, message);
    return errorReply(status, { code, message, hint });
  };
  const base = `${ctx.prefix}/events/`;
  const { suite } = setup.tenants;

  return async (call: WxCall): Promise<WxReply> => {
    const segment = call.path.slice(base.length);
    if (!CORP_SEGMENT.test(segment))
      return refuse(
        '(malformed)',
        400,
        'bad_corp',
        'The data URL must end in a corp id (letters, digits, _ or -)',
        `Set the suite's data URL (数据回调URL) to …${base}$CORPID$`,
      );
    const corpId = segment;
    const isTenant = async () => (await suite.tenants.get(corpId)) !== undefined;
    try {
      if (call.method === 'GET')
        return text(await setup.tenants.verifyUrl(call.url.searchParams, corpId, isTenant));
    } catch (error) {
      if (!isWxCryptoError(error)) throw error;
      return refuse(
        corpId,
        error.errcode === -40001 ? 401 : 400,
        'bad_callback',
        error.message,
        'Check callback.token, callback.encodingAESKey and the provider corpid against 服务商管理端',
      );
    }
    if (!(await isTenant()))
      return refuse(
        corpId,
        403,
        'not_a_tenant',
        `Corp ${corpId} has not installed suite ${suite.suiteId} (not in the tenant registry)`,
        'A data callback for a corp that never installed the app, or uninstalled it, is refused',
      );
    const reply = await events(ctx, setup.tenants.forCorp(corpId), handlers, call, { corpId });
    // The events route's own refusals (signature, receive id, ToUserName, staleness) are logged here, per corp.
    if (reply.status >= 400 && reply.status < 500) {
      const { error } = JSON.parse(reply.body ?? '{}') as { error?: { code?: string; message?: string } };
      log(corpId, error?.code ?? 'refused', error?.message ?? `HTTP ${reply.status}`);
    }
    return reply;
  };
}
