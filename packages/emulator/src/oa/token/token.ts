import type { Context } from 'hono';
import type { Service } from '../../context.js';
import { clientIp, fail, jsonBody } from '../../envelope.js';
import type { SeedOfficialAccount } from '../../seed.js';
import { credentials } from '../../tokens.js';
import { overLimit } from '../../traffic.js';
import { randomToken, type World } from '../../world.js';

const LIFETIME_MS = 7200_000;
const OVERLAP_MS = 300_000;
const DAY_MS = 86_400_000;

function checkAccount(
  world: World,
  c: Context,
  appId: unknown,
  secret: unknown,
): SeedOfficialAccount | Response {
  if (typeof appId !== 'string' || appId === '') return fail(c, 'oa', 41002, 'appid missing');
  if (typeof secret !== 'string' || secret === '') return fail(c, 'oa', 41004, 'appsecret missing');
  const account = world.account(appId);
  if (!account) return fail(c, 'oa', 40013, 'invalid appid');
  if (account.secret !== secret) return fail(c, 'oa', 40125, 'invalid appsecret');
  const ip = clientIp(c);
  if (account.ipWhitelist.length > 0 && !account.ipWhitelist.includes(ip)) {
    return fail(c, 'oa', 40164, `invalid ip ${ip} ipv6 ::ffff:${ip}, not in whitelist`, undefined, {
      bareRid: true,
    });
  }
  return account;
}

function issue(world: World, appId: string, kind: 'access_token' | 'stable_token') {
  const value = randomToken(136);
  credentials.of(world).addToken({
    value,
    platform: 'oa',
    owner: appId,
    kind,
    expiresAt: world.now() + LIFETIME_MS,
  });
  return value;
}

function live(world: World, appId: string, kind: 'access_token' | 'stable_token') {
  const now = world.now();
  return credentials
    .of(world)
    .tokensOf('oa', appId, kind)
    .filter((t) => !t.revoked && (t.revokeAt ?? Number.POSITIVE_INFINITY) > now && t.expiresAt > now);
}

/** /cgi-bin/token (a new token per call, the previous one lives 5 more minutes) and stable_token. */
export const oaToken: Service = {
  name: 'oa-token',
  platform: 'oa',
  register(app, ctx) {
    app.get('/cgi-bin/token', (c) => {
      const world = ctx.world();
      if (c.req.query('grant_type') !== 'client_credential')
        return fail(c, 'oa', 40002, 'invalid grant_type');
      const account = checkAccount(world, c, c.req.query('appid'), c.req.query('secret'));
      if (account instanceof Response) return account;
      if (overLimit(world, `oa-token:${account.appId}`, world.seed.limits.oaTokenPerDay, DAY_MS))
        return fail(c, 'oa', 45009, 'reach max api daily quota limit');
      const now = world.now();
      for (const old of live(world, account.appId, 'access_token'))
        old.revokeAt = Math.min(old.revokeAt ?? Number.POSITIVE_INFINITY, now + OVERLAP_MS);
      return c.json({
        access_token: issue(world, account.appId, 'access_token'),
        expires_in: LIFETIME_MS / 1000,
      });
    });

    app.post('/cgi-bin/stable_token', async (c) => {
      const world = ctx.world();
      const body = await jsonBody(c);
      if (!body) return fail(c, 'oa', 47001, 'data format error', 'stable_token takes a JSON body');
      if (body['grant_type'] !== 'client_credential') return fail(c, 'oa', 40002, 'invalid grant_type');
      const account = checkAccount(world, c, body['appid'], body['secret']);
      if (account instanceof Response) return account;
      const now = world.now();
      const current = live(world, account.appId, 'stable_token').sort((a, b) => b.expiresAt - a.expiresAt)[0];
      const answer = (value: string, expiresAt: number) =>
        c.json({ access_token: value, expires_in: Math.ceil((expiresAt - now) / 1000) });
      if (body['force_refresh'] === true) {
        const times = (credentials.of(world).forcedRefreshes.get(account.appId) ?? []).filter(
          (t) => t > now - DAY_MS,
        );
        const last = times[times.length - 1];
        // Over 20 a day or within 30 s of the last: no refresh happens, the current token comes back.
        if (current && (times.length >= 20 || (last !== undefined && now - last < 30_000)))
          return answer(current.value, current.expiresAt);
        times.push(now);
        credentials.of(world).forcedRefreshes.set(account.appId, times);
        for (const old of live(world, account.appId, 'stable_token')) old.revoked = true;
        const value = issue(world, account.appId, 'stable_token');
        return answer(value, now + LIFETIME_MS);
      }
      if (current && current.expiresAt - now > OVERLAP_MS) return answer(current.value, current.expiresAt);
      // In the last 5 minutes the platform rotates: the new token comes back, the old keeps working until it ends.
      const value = issue(world, account.appId, 'stable_token');
      return answer(value, now + LIFETIME_MS);
    });
  },
};
