import type { Context } from 'hono';
import type { EmulatorContext } from '../context.js';
import { clientIp, fail, jsonBody } from '../envelope.js';
import type { SeedApp, SeedCorp } from '../seed.js';
import type { TokenRecord } from '../tokens.js';

export interface WeComCaller {
  token: TokenRecord;
  corp: SeedCorp;
  app: SeedApp;
}

/**
 * A WeCom POST whose body is not a JSON object: 47001 "data format error" (the global code table: 解析JSON/XML内容错误).
 * Unverified that the live server answers 47001 rather than 40058 on every path.
 */
export const NOT_JSON =
  'the body is not a JSON object: 47001 per the WeCom global code table (解析JSON/XML内容错误); unverified on this path';

/** The agentId of tokens issued for the corp's contacts-sync secret (no app has it: seed agentIds are positive). */
export const CONTACT_SYNC_AGENT = 0;

/** The contacts-sync assistant as a caller: no app of the seed, the whole directory in view. */
function contactSyncApp(corp: SeedCorp): SeedApp {
  const ids = new Set(corp.departments.map((d) => d.id));
  return {
    agentId: CONTACT_SYNC_AGENT,
    name: '通讯录同步',
    secret: corp.contactSyncSecret ?? '',
    trustedDomains: [],
    webLoginDomains: [],
    allowedIps: [],
    visibleTo: { departments: corp.departments.filter((d) => !ids.has(d.parentId ?? 0)).map((d) => d.id) },
  };
}

/** Resolves the app behind `access_token`, applying the app's trusted-IP list (60020). */
export function weComCaller(ctx: EmulatorContext, c: Context): WeComCaller | Response {
  const token = ctx.token(c, 'wecom');
  if (token instanceof Response) return token;
  const world = ctx.world();
  const corp = world.corp(token.owner);
  const app =
    token.agentId === CONTACT_SYNC_AGENT && corp?.contactSyncSecret
      ? contactSyncApp(corp)
      : world.app(token.owner, token.agentId ?? 0);
  if (!corp || !app) return fail(c, 'wecom', 40014, 'invalid access_token');
  const ip = clientIp(c);
  if (app.allowedIps.length > 0 && !app.allowedIps.includes(ip)) {
    return fail(c, 'wecom', 60020, 'not allow to access from your ip');
  }
  return { token, corp, app };
}

export function agentIdParam(c: Context, body?: Record<string, unknown>): number | undefined {
  const raw = body?.['agentid'] ?? c.req.query('agentid');
  const n = Number(raw);
  return raw === undefined || raw === '' || !Number.isInteger(n) ? undefined : n;
}

/** WeCom: an app may only act on itself (301002 when agentid names another app). */
export function sameAgent(
  c: Context,
  caller: WeComCaller,
  agentId: number | undefined,
): Response | undefined {
  if (agentId === undefined) return fail(c, 'wecom', 41011, 'missing agentid');
  if (agentId !== caller.app.agentId) {
    // errmsg as captured ("not allow operate another agent with this accesstoken., hint: …"); the reason to the journal.
    return fail(
      c,
      'wecom',
      301002,
      'not allow operate another agent with this accesstoken.',
      `agentid ${agentId} is another app's; the access_token is app ${caller.app.agentId}'s`,
    );
  }
  return undefined;
}

/** The caller, when it may act on the agentid the request names (query or body); else the error to answer. */
export function ownApp(
  ctx: EmulatorContext,
  c: Context,
  body?: Record<string, unknown>,
): WeComCaller | Response {
  const caller = weComCaller(ctx, c);
  if (caller instanceof Response) return caller;
  return sameAgent(c, caller, agentIdParam(c, body)) ?? caller;
}

/**
 * An app's POST on itself whose body may name the agentid (agent/set, the workbench): the body read first (it may
 * be no JSON: the handler answers 47001), then the caller and its agentid (query or body).
 */
export async function ownAppBody(
  ctx: EmulatorContext,
  c: Context,
): Promise<{ caller: WeComCaller; body: Record<string, unknown> | undefined } | Response> {
  const body = await jsonBody(c);
  const caller = ownApp(ctx, c, body);
  return caller instanceof Response ? caller : { caller, body };
}

/**
 * An app's JSON POST on itself (message/send, update_template_card): the caller first (token, trusted IP), then
 * the body (47001 when it is not JSON), then its `agentid` (41011 / 301002).
 */
export async function ownAppPost(
  ctx: EmulatorContext,
  c: Context,
): Promise<{ caller: WeComCaller; body: Record<string, unknown> } | Response> {
  const caller = weComCaller(ctx, c);
  if (caller instanceof Response) return caller;
  const body = await jsonBody(c);
  if (!body) return fail(c, 'wecom', 47001, 'data format error', NOT_JSON);
  const agentId = body['agentid'] === undefined ? undefined : Number(body['agentid']);
  return sameAgent(c, caller, agentId) ?? { caller, body };
}
