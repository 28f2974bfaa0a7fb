import { isEmulated, type JssdkConfigReply, type Logger, type SessionUser, wxMetrics } from '@wxkit/core';
import { withoutHash } from '@wxkit/core/contract';
import { type AppStrategy, corpOfUser } from '../apps/index.js';
import type { WxCall, WxReply } from '../call.js';
import { errorReply, fromError, json } from '../http.js';
import type { Origins } from '../origin.js';
import { isUnreachable, platformCondition } from '../platform-watch.js';

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
  /** The session's member of a call (read only when the strategy signs per member). */
  member(call: WxCall): Promise<SessionUser | undefined>;
}): (call: WxCall) => WxReply | Promise<WxReply> {
  const { hosts } = ctx.app;
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

  const sign = async (call: WxCall, member: SessionUser | undefined): Promise<WxReply> => {
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
      return json({
        ...(await jssdk.sign(signed, jsApiList, member)),
        ...scripts,
      } satisfies JssdkConfigReply);
    } catch (error) {
      if (isUnreachable(error))
        platformCondition(ctx.app, ctx.logger).report(
          `JS-SDK signature failed (${(error as Error).message})`,
        );
      else
        ctx.logger.error('JS-SDK signature failed', {
          error: error instanceof Error ? error.message : String(error),
        });
      return fromError(error);
    }
  };

  const counted = configCounter(ctx.app.platform);
  /** The reply for `call` (and `member`): the same query's within its second without a promise, else signed. */
  const answer = (call: WxCall, member: SessionUser | undefined): WxReply | Promise<WxReply> => {
    const corpId = corpOfUser(member);
    if (jssdk.perMember && !corpId)
      return errorReply(401, {
        code: 'not_logged_in',
        message: "A provider app signs the JS-SDK for the member's corp: there is no session",
        hint: 'Log in first (ensureLogin), then ask for the config',
      });
    const place = hostDependent ? `${ctx.origins.of(call).host}${call.search}` : call.search;
    // Signatures of two corps never share a cache entry.
    const key = corpId ? `${corpId} ${place}` : place;
    const now = ctx.clock();
    const known = recent.get(key);
    if (known && known.until > now) {
      counted('reused');
      return known.reply;
    }
    return sign(call, member).then((reply) => {
      if (reply.status === 200) platformCondition(ctx.app, ctx.logger).resolve();
      counted(reply.status === 200 ? 'ok' : `http_${reply.status}`);
      if (reply.status === 200) {
        if (recent.size >= REUSE_MAX) recent.clear();
        recent.set(key, { reply, until: now + REUSE_MS });
      }
      return reply;
    });
  };
  // A provider app signs for the member's corp: without a session there is no corp to sign for.
  return (call) =>
    jssdk.perMember ? ctx.member(call).then((member) => answer(call, member)) : answer(call, undefined);
}

/**
 * Counts a JS-SDK configuration answered, as `wxkit.jssdk.configs` (outcome: ok, reused within its second,
 * http_4xx/5xx). The attributes of each outcome are made once: the reused answer is the hot path.
 */
function configCounter(platform: string): (outcome: string) => void {
  const attributes = new Map<string, Record<string, string>>();
  return (outcome) => {
    let known = attributes.get(outcome);
    if (!known) {
      known = { 'wxkit.platform': platform, 'wxkit.outcome': outcome };
      attributes.set(outcome, known);
    }
    wxMetrics().jssdkConfigs.add(1, known);
  };
}
