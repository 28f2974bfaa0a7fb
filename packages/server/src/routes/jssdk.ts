import { isEmulated, type JssdkConfigReply, type Logger, withoutHash } from '@wxkit/core';
import type { AppStrategy } from '../apps/index.js';
import type { WxCall, WxReply } from '../call.js';
import { errorReply, fromError, json } from '../http.js';
import type { Origins } from '../origin.js';

/**
 * A signed config is reused for the same query for up to a second (the resolution of its timestamp): it stays
 * valid for the ticket's life, and what it signs is public on the page anyway, so pages opened together (a
 * message sent to a department) share one signature instead of each costing two SHA-1s and a JSON build.
 */
const REUSE_MS = 1000;
const REUSE_MAX = 256;

/** GET {prefix}/jssdk/config?url=…: the signature for the page's exact URL (without #), plus agentConfig on WeCom. */
export function jssdkConfigRoute(ctx: {
  app: AppStrategy;
  origins: Origins;
  /** jssdk.domains as configured; empty means the public origins' hosts (or, without publicUrl, the request's). */
  domains: string[];
  jsApiList: string[];
  clock: () => number;
  logger: Logger;
}): (call: WxCall) => Promise<WxReply> {
  const { hosts } = ctx.app.client;
  const { jssdk } = ctx.app;
  // Without configured domains or publicUrl the answer depends on the host the browser used.
  const hostDependent = ctx.domains.length === 0 && !ctx.origins.fixed;
  const configured = ctx.domains.length > 0 ? ctx.domains : ctx.origins.list.map((o) => o.host);
  const domainsOf = (call: WxCall) => (hostDependent ? [ctx.origins.of(call).host] : configured);
  // Where the page loads the JS-SDK and, against the emulator, its bridge.
  const scripts = {
    scriptUrl: `${hosts.res}${jssdk.scriptPath}`,
    ...(isEmulated(hosts) ? { emulator: { bridgeUrl: `${hosts.res}/jssdk/bridge.js` } } : {}),
  };
  const recent = new Map<string, { reply: WxReply; until: number }>();

  const sign = async (call: WxCall): Promise<WxReply> => {
    const searchParams = new URLSearchParams(call.search);
    const raw = searchParams.get('url');
    if (!raw)
      return errorReply(400, {
        code: 'bad_url',
        message: 'Pass ?url= with the full page URL (location.href)',
      });
    let page: URL;
    try {
      page = new URL(raw);
    } catch {
      return errorReply(400, {
        code: 'bad_url',
        message: `url "${raw.slice(0, 100)}" is not an absolute URL`,
        hint: 'Send location.href.split("#")[0]',
      });
    }
    const domains = domainsOf(call);
    if (!domains.includes(page.host)) {
      return errorReply(400, {
        code: 'domain_not_allowed',
        message: `${page.host} is not a JS-SDK domain of this server (${domains.join(', ')})`,
        errcode: 80001,
        hint: `Add ${page.host} to the server's jssdk.domains and to ${jssdk.domainList}`,
      });
    }
    const signed = withoutHash(page.href);
    const jsApiList = searchParams.get('jsApiList')?.split(',').filter(Boolean) ?? ctx.jsApiList;
    try {
      return json({ ...(await jssdk.sign(signed, jsApiList)), ...scripts } satisfies JssdkConfigReply);
    } catch (error) {
      ctx.logger.error('JS-SDK signature failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      return fromError(error);
    }
  };

  return async (call) => {
    const key = hostDependent ? `${ctx.origins.of(call).host}${call.search}` : call.search;
    const now = ctx.clock();
    const known = recent.get(key);
    if (known && known.until > now) return known.reply;
    const reply = await sign(call);
    if (reply.status === 200) {
      if (recent.size >= REUSE_MAX) recent.clear();
      recent.set(key, { reply, until: now + REUSE_MS });
    }
    return reply;
  };
}
