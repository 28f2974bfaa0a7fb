import type { Context } from 'hono';
import type { EmulatorContext } from '../context.js';
import { fail, jsonBody } from '../envelope.js';
import type { TokenRecord } from '../tokens.js';

/** An Official Account's JSON POST: its token first (40001/41001/42001…), then a JSON object body (47001). */
export async function oaPost(
  ctx: EmulatorContext,
  c: Context,
): Promise<{ token: TokenRecord; body: Record<string, unknown> } | Response> {
  const token = ctx.token(c, 'oa');
  if (token instanceof Response) return token;
  const body = await jsonBody(c);
  if (!body) return fail(c, 'oa', 47001, 'data format error', 'the body is not a JSON object');
  return { token, body };
}
