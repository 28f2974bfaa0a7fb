import type { Seed } from '@wxkit/emulator';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** host[:port] on this machine gets the app's port; other domains (a real one, a tunnel) are left alone. */
function domain(value: string, port: number): string {
  const match = /^([^:]+|\[[^\]]+\])(?::(\d+))?$/.exec(value);
  if (!match?.[1] || !LOOPBACK.has(match[1])) return value;
  return `${match[1]}:${port}`;
}

function url(value: string | undefined, port: number): string | undefined {
  if (value === undefined) return value;
  try {
    const u = new URL(value);
    if (!LOOPBACK.has(u.hostname)) return value;
    u.port = String(port);
    return u.toString();
  } catch {
    return value;
  }
}

function buttons(list: unknown, port: number): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((b: Record<string, unknown>) => ({
    ...b,
    ...(typeof b['url'] === 'string' ? { url: url(b['url'], port) } : {}),
    ...(b['sub_button'] ? { sub_button: buttons(b['sub_button'], port) } : {}),
  }));
}

const domains = (list: string[], port: number) => [...new Set(list.map((d) => domain(d, port)))];

/**
 * The seed with every loopback trusted domain, home page, callback (a provider suite's too) and menu link moved to
 * the app's port, so
 * `wxkit dev --app-port N` logs in on N instead of ending in 50001 (the demo seed trusts localhost:3000).
 */
export function seedForAppPort(seed: Seed, port: number): { seed: Seed; moved: string[] } {
  const moved = new Set<string>();
  /** A list of domains moved to the app's port, each move noted for the report. */
  const moveNoted = (list: string[]) => {
    for (const d of list) if (domain(d, port) !== d) moved.add(`${d} → ${domain(d, port)}`);
    return domains(list, port);
  };
  const next: Seed = {
    ...seed,
    wecom: seed.wecom.map((corp) => ({
      ...corp,
      apps: corp.apps.map((app) => {
        const homeUrl = url(app.homeUrl, port);
        return {
          ...app,
          trustedDomains: moveNoted(app.trustedDomains),
          webLoginDomains: domains(app.webLoginDomains, port),
          ...(homeUrl ? { homeUrl } : {}),
          ...(app.callback ? { callback: { ...app.callback, url: url(app.callback.url, port) ?? '' } } : {}),
          ...(app.menu ? { menu: { ...app.menu, button: buttons(app.menu.button, port) as unknown[] } } : {}),
        };
      }),
    })),
    // Service providers: each suite's callback URLs (指令回调, 数据回调 with $CORPID$), home page and domains.
    ...(seed.providers
      ? {
          providers: seed.providers.map((provider) => ({
            ...provider,
            suites: provider.suites.map((suite) => {
              const homeUrl = url(suite.homeUrl, port);
              return {
                ...suite,
                commandUrl: url(suite.commandUrl, port) ?? suite.commandUrl,
                dataUrl: url(suite.dataUrl, port) ?? suite.dataUrl,
                ...(homeUrl ? { homeUrl } : {}),
                trustedDomains: moveNoted(suite.trustedDomains),
                redirectDomains: domains(suite.redirectDomains, port),
              };
            }),
          })),
        }
      : {}),
    officialAccounts: seed.officialAccounts.map((oa) => {
      return { ...oa, oauthDomains: moveNoted(oa.oauthDomains), jsDomains: domains(oa.jsDomains, port) };
    }),
  };
  return { seed: next, moved: [...moved] };
}
