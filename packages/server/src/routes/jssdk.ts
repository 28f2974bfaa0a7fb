import {
  isEmulated,
  JSSDK_SCRIPT_PATH,
  type JssdkConfigReply,
  WECOM_JSSDK_SCRIPT_PATH,
  type WeComClient,
  withoutHash,
  wxMetrics,
} from '@wxkit/core';
import type { WxCall, WxReply } from '../call.js';
import type { ServerContext } from '../context.js';
import { errorReply, fromError, json } from '../http.js';
import { isUnreachable, platformCondition } from '../platform-watch.js';

/**
 * A signed config is reused for the same query for up to a second (the resolution of its timestamp): it stays
 * valid for the ticket's life, and what it signs is public on the page anyway, so pages opened together (a
 * message sent to a department) share one signature instead of each costing two SHA-1s and a JSON build.
 */
const REUSE_MS = 1000;
const REUSE_MAX = 256;

/** GET {prefix}/jssdk/config?url=…: the signature for the page's exact URL (without #), plus agentConfig on WeCom. */
export function jssdkConfigRoute(ctx: ServerContext): (call: WxCall) => Promise<WxReply> {
  const { hosts } = ctx.client;
  // Where the page loads the JS-SDK and, against the emulator, its bridge.
  const scripts = {
    scriptUrl: `${hosts.res}${ctx.client.platform === 'wecom' ? WECOM_JSSDK_SCRIPT_PATH : JSSDK_SCRIPT_PATH}`,
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
    const domains = ctx.hostDependent ? [ctx.origin(call).host] : ctx.jssdkDomains;
    if (!domains.includes(page.host)) {
      const list =
        ctx.client.platform === 'wecom'
          ? "the app's trusted domains (可信域名)"
          : 'the JS interface safe domains (JS接口安全域名)';
      return errorReply(400, {
        code: 'domain_not_allowed',
        message: `${page.host} is not a JS-SDK domain of this server (${domains.join(', ')})`,
        errcode: 80001,
        hint: `Add ${page.host} to the server's jssdk.domains and to ${list}`,
      });
    }
    const signed = withoutHash(page.href);
    const jsApiList = searchParams.get('jsApiList')?.split(',').filter(Boolean) ?? ctx.jsApiList;
    try {
      const client = ctx.client;
      if (client.platform === 'wecom') {
        const wecom = client as WeComClient;
        const [config, agentConfig] = await Promise.all([
          wecom.jssdk.config({ url: signed, jsApiList }),
          wecom.jssdk.agentConfig({ url: signed, jsApiList }),
        ]);
        const { appId, timestamp, nonceStr, signature } = config;
        return json({
          appId,
          timestamp,
          nonceStr,
          signature,
          jsApiList: config.jsApiList,
          agentConfig,
          ...scripts,
        } satisfies JssdkConfigReply);
      }
      return json({
        ...(await client.jssdk.config({ url: signed, jsApiList })),
        ...scripts,
      } satisfies JssdkConfigReply);
    } catch (error) {
      if (isUnreachable(error))
        platformCondition(ctx.client, ctx.logger).report(
          `JS-SDK signature failed (${(error as Error).message})`,
        );
      else
        ctx.logger.error('JS-SDK signature failed', {
          error: error instanceof Error ? error.message : String(error),
        });
      return fromError(error);
    }
  };

  return async (call) => {
    // Without configured domains the answer depends on the host the browser used.
    const key = ctx.hostDependent ? `${ctx.origin(call).host}${call.search}` : call.search;
    const now = ctx.clock();
    const known = recent.get(key);
    if (known && known.until > now) {
      countConfig(ctx.client.platform, 'reused');
      return known.reply;
    }
    const reply = await sign(call);
    if (reply.status === 200) platformCondition(ctx.client, ctx.logger).resolve();
    countConfig(ctx.client.platform, reply.status === 200 ? 'ok' : `http_${reply.status}`);
    if (reply.status === 200) {
      if (recent.size >= REUSE_MAX) recent.clear();
      recent.set(key, { reply, until: now + REUSE_MS });
    }
    return reply;
  };
}

/** One JS-SDK configuration answered, as `wxkit.jssdk.configs` (outcome: ok, reused within its second, http_4xx/5xx). */
const countConfig = (platform: string, outcome: string) =>
  wxMetrics().jssdkConfigs.add(1, { 'wxkit.platform': platform, 'wxkit.outcome': outcome });
