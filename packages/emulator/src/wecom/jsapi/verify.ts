import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { jsapiSignature, signableUrl } from '@wxkit/core';
import { verifiedPageUrls } from '@wxkit/core/contract';
import { jsDomainCovers } from '@wxkit/core/rules';
import type { Context } from 'hono';
import { BRIDGE_SCRIPT, JWXWORK_SCRIPT } from '../../bridge.js';
import type { Service } from '../../context.js';
import { asText, jsonBody } from '../../envelope.js';
import { credentials } from '../../tokens.js';
import { traffic } from '../../traffic.js';

const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };
const short = (ticket: string) => `${ticket.slice(0, 8)}…`;

function officialSdk(): string {
  const file = createRequire(import.meta.url).resolve('weixin-js-sdk');
  // The npm package is the official jweixin 1.6 wrapped for CommonJS; give it a module object and expose wx.
  return `(function(){var module={exports:{}};${readFileSync(file, 'utf8')}\n;window.wx=window.jWeixin=module.exports;})();`;
}

const JS = { 'content-type': 'text/javascript; charset=utf-8', ...cors };

/**
 * What jweixin gained after 1.2.0: `miniProgram` (1.3.2), `updateAppMessageShareData` and `updateTimelineShareData`
 * (1.4.0). The 1.2.0 file lacks them, so a page that calls them fails on the phone as here.
 */
export const AFTER_JWEIXIN_1_2_0 = ['miniProgram', 'updateAppMessageShareData', 'updateTimelineShareData'];
const as120 = `;(function(wx){${AFTER_JWEIXIN_1_2_0.map((name) => `delete wx.${name};`).join('')}})(window.wx);`;

/** Serves the bridge and the official SDK, and checks JS-SDK signatures the way the client does. */
export const jssdk: Service = {
  name: 'jssdk',
  register(app, ctx) {
    let sdk: string | undefined;
    app.get('/jssdk/bridge.js', (c) => c.body(BRIDGE_SCRIPT, 200, JS));
    const jweixin = () => (sdk ??= officialSdk());
    // Each file names its version for the bridge (the WeCom client refuses 1.6.0).
    const tagged = (version: string) => `window.__wxkitJweixin=${JSON.stringify(version)};\n${jweixin()}`;
    app.get('/open/js/jweixin-1.6.0.js', (c) => c.body(tagged('1.6.0'), 200, JS));
    // Legacy WeCom pages: jweixin-1.2.0 plus jwxwork-1.0.0 (wx.agentConfig). Only the npm 1.6 build is available
    // offline: it is served without the APIs 1.2.0 does not have (AFTER_JWEIXIN_1_2_0); the rest answers the same.
    app.get('/open/js/jweixin-1.2.0.js', (c) => c.body(`${tagged('1.2.0')}\n${as120}`, 200, JS));
    app.get('/wwopen/js/jwxwork-1.0.0.js', (c) => c.body(JWXWORK_SCRIPT, 200, JS));
    // WeCom's own jweixin-1.0.0 carries agentConfig itself.
    app.get('/wwopen/js/jsapi/jweixin-1.0.0.js', (c) => c.body(`${jweixin()}\n${JWXWORK_SCRIPT}`, 200, JS));
    app.options('/_emulator/jssdk/verify', (c) => c.body(null, 204, cors));
    app.post('/_emulator/jssdk/verify', async (c: Context) => {
      const world = ctx.world();
      const body = (await jsonBody(c)) ?? {};
      const kind = body['kind'] === 'agentConfig' ? 'agentConfig' : 'config';
      const appId = asText(body['appId'], '');
      const url = asText(body['url'], '');
      const userAgent = asText(body['userAgent'], c.req.header('user-agent') ?? '');
      // The URLs this client verifies against (iOS WeChat: the one the page was entered with).
      const candidates = verifiedPageUrls({
        userAgent,
        currentUrl: url,
        entryUrl: asText(body['entryUrl'], ''),
      });
      const fail = (message: string, why: string) => {
        // WeCom clients say config:fail,invalid signature (old audit L13, ask.csdn.net 8319886); WeChat config:….
        const errMsg =
          message === 'config:invalid signature' && world.corp(appId)
            ? 'config:fail,invalid signature'
            : message;
        traffic.of(world).journal.push({
          at: world.now(),
          method: 'JSSDK',
          path: `wx.${kind}`,
          errcode: 40093,
          note: why,
        });
        return c.json({ ok: false, errMsg, why }, 200, cors);
      };
      // "agentConfig仅在企业微信2.5.0及以后版本支持，微信客户端不支持" (doc 94313); WeChat answers a function it lacks
      // with system:function_not_exist (its bridge's "unknown function"). Unverified: that exact text for agentConfig.
      if (kind === 'agentConfig' && /MicroMessenger/i.test(userAgent) && !/wxwork/i.test(userAgent))
        return fail(
          'system:function_not_exist',
          'agentConfig runs only in the WeCom client (2.5.0+); the WeChat client and its devtools do not have it (doc 94313). Unverified: the exact answer (system:function_not_exist is what WeChat gives an unknown function)',
        );
      let host: string;
      try {
        host = new URL(url).host;
      } catch {
        return fail(`${kind}:invalid url domain`, `the page URL ${url} is not absolute`);
      }
      const corp = world.corp(appId);
      const account = world.account(appId);
      let ticketKey: string;
      let domains: string[];
      /** WeCom 可信域名: host[:port], exact; OA JS接口安全域名: a host or host/path prefix (jsDomainCovers). */
      let covers = (entry: string) => entry === host;
      if (corp && kind === 'config' && body['sdk'] === '1.6.0') {
        // WeCom doc 90514: "jweixin-1.6.0 版本企业微信客户端暂不支持". Quirk: what the phone shows is unknown (audit-3
        // N-L16); the stricter reading fails config, and the note says first that the signature is not the cause.
        return fail(
          'config:invalid signature',
          'not a signature problem: the WeCom client does not support jweixin-1.6.0 (doc 90514; the real symptom is unverified, the emulator fails wx.config). Load /open/js/jweixin-1.2.0.js (plus /wwopen/js/jwxwork-1.0.0.js for wx.agentConfig) or use @wecom/jssdk',
        );
      }
      if (corp) {
        const agentId = Number(body['agentId']);
        const app = kind === 'agentConfig' ? corp.apps.find((a) => a.agentId === agentId) : undefined;
        if (kind === 'agentConfig' && !app)
          return fail('agentConfig:invalid agentid', `agentid ${body['agentId']} is not an app of ${appId}`);
        domains = app ? app.trustedDomains : corp.apps.flatMap((a) => a.trustedDomains);
        ticketKey = app ? `wecom:agent:${appId}:${app.agentId}` : `wecom:corp:${appId}`;
      } else if (account) {
        domains = account.jsDomains;
        covers = (entry: string) => jsDomainCovers(entry, url);
        ticketKey = `oa:${appId}`;
      } else {
        return fail(`${kind}:invalid appid`, `appId ${appId} is not in the emulator's seed`);
      }
      if (!domains.some(covers)) {
        return fail(
          `${kind}:invalid url domain`,
          `the page ${signableUrl(url)} is not covered by a JS-SDK domain (${domains.join(', ') || 'none configured'})`,
        );
      }
      const ticket = credentials.of(world).tickets.get(ticketKey);
      const ticketName = kind === 'agentConfig' ? 'agent' : 'jsapi';
      if (!ticket) {
        // The page was signed, so the app holds a ticket: one this run never issued, i.e. cached by the app (Redis,
        // a file) from an earlier emulator run. On the platform tickets do not vanish on a restart; here they do.
        return fail(
          `${kind}:invalid signature`,
          `no valid ${ticketName} ticket: this emulator run has issued none for ${appId}, so the ticket the page was signed with was issued by an earlier emulator run and cached by the app. Start the emulator with its saved state (wxkit dev keeps it in .wxkit/emulator-state.json; wxkit emulator --persist FILE) or clear the app's credential store`,
        );
      }
      if (ticket.expiresAt <= world.now()) {
        return fail(
          `${kind}:invalid signature`,
          `no valid ${ticketName} ticket: the last one issued for ${appId} expired; the app should fetch a new one before expires_in ends`,
        );
      }
      const timestamp = asText(body['timestamp'], '');
      const nonceStr = asText(body['nonceStr'], '');
      // Compared exactly: a SHA-1 hex digest is lower case (the doc's sample, the MP signature tool). Quirk
      // (audit-3 N-L15): whether the client accepts upper-case hex is unverified; the stricter reading refuses it.
      const given = asText(body['signature'], '');
      const expectations = candidates.map((candidate) =>
        jsapiSignature({
          ticket: ticket.value,
          nonceStr: nonceStr || '-',
          timestamp: /^\d+$/.test(timestamp) ? timestamp : '0',
          url: candidate || url,
        }),
      );
      const matched = expectations.findIndex((e) => e.signature === given);
      const expected =
        expectations[0] ?? jsapiSignature({ ticket: ticket.value, nonceStr: '-', timestamp: '0', url });
      if (matched !== -1) {
        const signedUrl = candidates[matched] ?? url;
        traffic.of(world).journal.push({
          at: world.now(),
          method: 'JSSDK',
          path: `wx.${kind}`,
          errcode: 0,
          note: `signed ${signableUrl(signedUrl)}`,
        });
        // agentConfig: the members selectEnterpriseContact offers (the app's visible range, old audit L14).
        const app = kind === 'agentConfig' ? world.app(appId, Number(body['agentId'])) : undefined;
        if (!app) return c.json({ ok: true }, 200, cors);
        const contacts = world
          .visibleMembers(appId, app.agentId)
          .filter((m) => (m.status ?? 1) === 1)
          .slice(0, 50)
          .map((m) => ({
            id: m.userid,
            name: m.name,
            avatar: `${ctx.origin(c)}/_emulator/avatar/${encodeURIComponent(m.userid)}.svg`,
          }));
        return c.json({ ok: true, contacts }, 200, cors);
      }
      const string1 = expected.string1.replace(ticket.value, short(ticket.value));
      const hints: string[] = [];
      if (given !== given.toLowerCase() && expectations.some((e) => e.signature === given.toLowerCase()))
        hints.push(
          'the signature is right but in upper case: send the lower-case hex digest (whether the client accepts upper case is unverified)',
        );
      if (timestamp.length > 10) hints.push('timestamp looks like milliseconds; sign whole seconds');
      if (kind === 'agentConfig')
        hints.push(
          'agentConfig is signed with the agent ticket (ticket/get?type=agent_config), not the corp ticket',
        );
      if (candidates[0] !== signableUrl(url))
        hints.push(
          `this client verifies the URL the page was entered with (${candidates[0]}), not the current one: pushState and replaceState do not change it`,
        );
      hints.push('sign the exact page URL without #, same scheme, host, port, path and query');
      return fail(`${kind}:invalid signature`, `expected the signature of "${string1}"; ${hints.join('; ')}`);
    });
  },
};
