import type { Context } from 'hono';
import type { Service } from '../../context.js';
import { fail, jsonBody, ok } from '../../envelope.js';
import { credentials } from '../../tokens.js';
import { randomToken, type World } from '../../world.js';
import { clockState } from './clock.js';
import { acceptedTickets } from './pushes.js';
import {
  findSuite,
  hashSecret,
  type Install,
  installOf,
  PROVIDER_LIFETIMES,
  providerState,
  providers,
} from './state.js';

const EXPIRES_IN = PROVIDER_LIFETIMES.tokenMs / 1000;

/** A POST body's string field, or undefined. */
const field = (body: Record<string, unknown> | undefined, name: string) =>
  typeof body?.[name] === 'string' && body[name] !== '' ? (body[name] as string) : undefined;

/**
 * The suite behind `suite_access_token`, or the platform's error: 41022 without one, 42009 when it expired,
 * 40082 for one the emulator never issued ("invalid suite_acccess_token or provider_access_token", the live
 * errmsg as the core catalog keeps it).
 */
export function suiteCaller(world: World, c: Context) {
  const value = c.req.query('suite_access_token');
  if (!value) return fail(c, 'wecom', 41022, 'suite_access_token missing');
  const record = providerState.of(world).suiteTokens.get(value);
  if (!record) return fail(c, 'wecom', 40082, 'invalid suite_access_token or provider_access_token');
  if (record.expiresAt <= world.now()) return fail(c, 'wecom', 42009, 'suite_access_token expired');
  const found = findSuite(world, record.suiteId);
  if (!found) return fail(c, 'wecom', 40082, 'invalid suite_access_token or provider_access_token');
  return found;
}

/** The provider behind `provider_access_token`; 40082 otherwise (the same errmsg covers both tokens). */
export function providerCaller(world: World, c: Context) {
  const value = c.req.query('provider_access_token');
  if (!value) return fail(c, 'wecom', 41001, 'provider_access_token missing');
  const record = providerState.of(world).providerTokens.get(value);
  const provider = record && providers(world).find((p) => p.corpId === record.providerCorpId);
  if (!record || !provider || record.expiresAt <= world.now())
    return fail(c, 'wecom', 40082, 'invalid suite_acccess_token or provider_access_token');
  return provider;
}

/**
 * The corp's access token of an installed suite: a WeCom token of the suite's agent in that corp, so every corp
 * API (user/get, message/send, the JS-SDK tickets) answers within that corp and the agent's visible range. One
 * token per corp and agent while it is valid, as gettoken does.
 */
export function corpToken(world: World, install: Install) {
  const now = world.now();
  const current = credentials
    .of(world)
    .tokensOf('wecom', install.corpId, 'access_token', install.agentId)
    .find((t) => t.expiresAt > now && !t.revoked);
  if (current)
    return { access_token: current.value, expires_in: Math.ceil((current.expiresAt - now) / 1000) };
  const value = randomToken(64);
  credentials.of(world).addToken({
    value,
    platform: 'wecom',
    owner: install.corpId,
    agentId: install.agentId,
    kind: 'access_token',
    expiresAt: now + PROVIDER_LIFETIMES.tokenMs,
  });
  return { access_token: value, expires_in: EXPIRES_IN };
}

/**
 * The install of `corpId` whose permanent code is `code`, or the error: 40084 for a wrong (or reset) code,
 * 40079 when the corp has not authorised (or cancelled) the suite (doc 90313 as the core catalog names them).
 */
export function installByCode(world: World, c: Context, suiteId: string, corpId: string, code: string) {
  const install = installOf(world, suiteId, corpId);
  if (!install)
    return fail(
      c,
      'wecom',
      40079,
      'invalid auth info',
      `${corpId} has not authorised ${suiteId} (or cancelled it)`,
    );
  if (install.codeHash !== hashSecret(code)) return fail(c, 'wecom', 40084, 'invalid permanent_code');
  return install;
}

/** get_provider_token, get_suite_token, get_corp_token, and gettoken with a 代开发 permanent code. */
export const providerTokens: Service = {
  name: 'wecom-provider-tokens',
  platform: 'wecom',
  register(app, ctx) {
    // A test's emulator (appFetch) starts its ticket clock at the first provider call (clock.ts).
    app.use('/cgi-bin/service/*', async (_c, next) => {
      clockState.of(ctx.world()).start();
      await next();
    });
    // 获取服务商凭证 (doc 91200): POST {corpid, provider_secret}.
    app.post('/cgi-bin/service/get_provider_token', async (c) => {
      const world = ctx.world();
      const body = await jsonBody(c);
      const corpId = field(body, 'corpid');
      const secret = field(body, 'provider_secret');
      if (!corpId) return fail(c, 'wecom', 41002, 'corpid missing');
      const provider = providers(world).find((p) => p.corpId === corpId);
      if (!provider) return fail(c, 'wecom', 40013, 'invalid corpid');
      if (!secret || secret !== provider.secret)
        return fail(c, 'wecom', 40001, 'invalid credential', 'provider_secret is not this provider\u2019s');
      const value = randomToken(64);
      providerState.of(world).providerTokens.set(value, {
        providerCorpId: corpId,
        expiresAt: world.now() + PROVIDER_LIFETIMES.tokenMs,
      });
      // Answers without errcode on success ("因历史原因…调用失败时才返回errcode", doc 90600/91200).
      return c.json({ provider_access_token: value, expires_in: EXPIRES_IN });
    });

    // 获取第三方应用凭证 (doc 90600) / 代开发应用模板凭证 (doc 97162): POST {suite_id, suite_secret, suite_ticket}.
    app.post('/cgi-bin/service/get_suite_token', async (c) => {
      const world = ctx.world();
      const body = await jsonBody(c);
      const suiteId = field(body, 'suite_id');
      const secret = field(body, 'suite_secret');
      const ticket = field(body, 'suite_ticket');
      // A GET (or a form body) loses the JSON body: the platform then answers 40083 (WeCom staff, 2021; the catalog).
      if (!suiteId)
        return fail(
          c,
          'wecom',
          40083,
          'invalid suite_id',
          'no suite_id in a JSON body: a GET or a form body loses it (POST {suite_id, suite_secret, suite_ticket} as JSON)',
        );
      const found = findSuite(world, suiteId);
      if (!found) return fail(c, 'wecom', 40083, 'invalid suite_id');
      if (!secret || secret !== found.suite.secret) return fail(c, 'wecom', 40080, 'invalid suite secret');
      if (!ticket) return fail(c, 'wecom', 41023, 'suite_ticket missing');
      const hash = hashSecret(ticket);
      if (!acceptedTickets(world, suiteId).some((t) => t.hash === hash))
        return fail(
          c,
          'wecom',
          40085,
          'invalid suite_ticket',
          'not one of the last two suite_tickets pushed to this suite in the last 30 minutes',
        );
      const value = randomToken(64);
      providerState.of(world).suiteTokens.set(value, {
        suiteId,
        expiresAt: world.now() + PROVIDER_LIFETIMES.tokenMs,
      });
      return c.json({ suite_access_token: value, expires_in: EXPIRES_IN });
    });

    // A GET drops the body: the platform answers 40083 (WeCom staff in the community, 2021; core's catalog).
    app.get('/cgi-bin/service/get_suite_token', (c) =>
      fail(
        c,
        'wecom',
        40083,
        'invalid suite_id',
        'get_suite_token is a POST with a JSON body; a GET carries no suite_id',
      ),
    );

    // 获取企业凭证 (doc 90605): POST ?suite_access_token {auth_corpid, permanent_code}.
    app.post('/cgi-bin/service/get_corp_token', async (c) => {
      const world = ctx.world();
      const caller = suiteCaller(world, c);
      if (caller instanceof Response) return caller;
      const body = await jsonBody(c);
      const corpId = field(body, 'auth_corpid');
      const code = field(body, 'permanent_code');
      if (!corpId) return fail(c, 'wecom', 41002, 'auth_corpid missing');
      if (!code) return fail(c, 'wecom', 41025, 'permanent_code missing');
      const install = installByCode(world, c, caller.suite.suiteId, corpId, code);
      if (install instanceof Response) return install;
      return c.json(corpToken(world, install));
    });

    // 代开发: GET /cgi-bin/gettoken?corpid&corpsecret=<permanent code> (doc 97164). Answered here when the secret
    // is the permanent code of a 代开发 install; any other secret goes on to the corp's own gettoken.
    app.get('/cgi-bin/gettoken', async (c, next) => {
      const world = ctx.world();
      const corpId = c.req.query('corpid') ?? '';
      const secret = c.req.query('corpsecret') ?? '';
      const hash = secret ? hashSecret(secret) : '';
      const install = [...providerState.of(world).installs.values()].find(
        (i) =>
          i.corpId === corpId &&
          i.codeHash === hash &&
          findSuite(world, i.suiteId)?.suite.kind === 'customized',
      );
      if (!install) return next();
      return ok(c, corpToken(world, install));
    });
  },
};
