import { type Hosts, isEmulated, JSSDK_SCRIPT_PATH, type WeComClient } from '@wxkit/core';
import type { ServerContext } from '../context.js';
import { errorResponse, fromError, json } from '../http.js';

const scripts = new WeakMap<Hosts, { emulator: { emulator?: { bridgeUrl: string } }; scriptUrl: string }>();

/** Where the page loads the JS-SDK (and, against the emulator, its bridge); worked out once per client. */
function scriptsFor(hosts: Hosts) {
  let known = scripts.get(hosts);
  if (!known) {
    known = {
      emulator: isEmulated(hosts) ? { emulator: { bridgeUrl: `${hosts.res}/jssdk/bridge.js` } } : {},
      scriptUrl: `${hosts.res}${JSSDK_SCRIPT_PATH}`,
    };
    scripts.set(hosts, known);
  }
  return known;
}

/** GET {prefix}/jssdk/config?url=…: the signature for the page's exact URL (without #), plus agentConfig on WeCom. */
export async function jssdkConfig(ctx: ServerContext, request: Request, url: URL): Promise<Response> {
  const raw = url.searchParams.get('url');
  if (!raw)
    return errorResponse(400, {
      code: 'bad_url',
      message: 'Pass ?url= with the full page URL (location.href)',
    });
  let page: URL;
  try {
    page = new URL(raw);
  } catch {
    return errorResponse(400, {
      code: 'bad_url',
      message: `url "${raw.slice(0, 100)}" is not an absolute URL`,
      hint: 'Send location.href.split("#")[0]',
    });
  }
  const domains = ctx.jssdkDomains.length > 0 ? ctx.jssdkDomains : [ctx.origin(request).host];
  if (!domains.includes(page.host)) {
    const list =
      ctx.client.platform === 'wecom'
        ? "the app's trusted domains (可信域名)"
        : 'the JS interface safe domains (JS接口安全域名)';
    return errorResponse(400, {
      code: 'domain_not_allowed',
      message: `${page.host} is not a JS-SDK domain of this server (${domains.join(', ')})`,
      errcode: 80001,
      hint: `Add ${page.host} to the server's jssdk.domains and to ${list}`,
    });
  }
  const signed = page.toString().split('#')[0] ?? '';
  const jsApiList = url.searchParams.get('jsApiList')?.split(',').filter(Boolean) ?? ctx.jsApiList;
  try {
    const client = ctx.client;
    const { emulator, scriptUrl } = scriptsFor(client.hosts);
    if (client.platform === 'wecom') {
      const wecom = client as WeComClient;
      const [config, agentConfig] = await Promise.all([
        wecom.jssdk.config({ url: signed, jsApiList }),
        wecom.jssdk.agentConfig({ url: signed, jsApiList }),
      ]);
      const { beta: _beta, ...rest } = config;
      return json({ ...rest, agentConfig, scriptUrl, ...emulator });
    }
    return json({ ...(await client.jssdk.config({ url: signed, jsApiList })), scriptUrl, ...emulator });
  } catch (error) {
    ctx.logger.error('JS-SDK signature failed', {
      error: error instanceof Error ? error.message : String(error),
    });
    return fromError(error);
  }
}
