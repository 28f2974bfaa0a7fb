import { silentLogger } from '@wxkit/core';
import { describe, expect, it } from 'vitest';
import type { WxCall, WxReply } from '../src/call.js';
import { json } from '../src/http.js';
import { createRouter } from '../src/router.js';
import { ROUTE_NAMES, type Route, type RouteName } from '../src/routes/table.js';

const call = (path: string, headers: Record<string, string> = {}): WxCall => ({
  method: 'GET',
  path,
  search: '',
  url: new URL(`http://app.test${path}`),
  header: (name) => headers[name],
  text: async () => '',
});

/** A router whose `me` route is `handle`, every other route switched off. */
function routerWith(handle: (call: WxCall) => Promise<WxReply>) {
  const errors: string[] = [];
  const table = Object.fromEntries(
    ROUTE_NAMES.map((name) => [name, { path: `/${name}`, methods: ['GET'], handle } satisfies Route]),
  ) as unknown as Record<RouteName, Route>;
  const router = createRouter({
    prefix: '/wx',
    table,
    routesOn: Object.fromEntries(ROUTE_NAMES.map((name) => [name, name === 'me'])) as Record<
      RouteName,
      boolean
    >,
    verifyFiles: {},
    logger: { ...silentLogger, error: (message) => void errors.push(message) },
    app: { platform: 'wecom' },
  });
  return { router, errors };
}

describe('the router keeps every failure inside the envelope', () => {
  const thrown = (): Promise<WxReply> => {
    throw new Error('boom before any await');
  };
  const rejected = async (): Promise<WxReply> => {
    throw new Error('boom after an await');
  };

  it.each([
    ['throws before returning a promise', thrown],
    ['rejects', rejected],
  ])('a route that %s answers 500 internal and is logged, never an escaped error', async (_, handle) => {
    const { router, errors } = routerWith(handle);
    const reply = await router.dispatch(call('/wx/me'));
    expect(reply?.status).toBe(500);
    expect(JSON.parse(reply?.body ?? '{}')).toMatchObject({ error: { code: 'internal' } });
    expect(reply?.body).not.toContain('boom');
    expect(errors).toEqual(['route failed']);
  });

  it('a failed route answers in Chinese to a browser that asks for it first', async () => {
    const { router } = routerWith(thrown);
    const reply = await router.dispatch(call('/wx/me', { 'accept-language': 'zh-CN,zh;q=0.9' }));
    expect(reply?.status).toBe(500);
    expect(reply?.body).toMatch(/[\u4e00-\u9fff]/);
  });

  it("answers a route's reply unchanged; 404 under the prefix; nothing for a path that is the app's", async () => {
    const { router } = routerWith(async () => json({ ok: true }));
    expect((await router.dispatch(call('/wx/me')))?.body).toBe('{"ok":true}');
    expect((await router.dispatch(call('/wx/nope')))?.status).toBe(404);
    // Outside the prefix, and a route switched off: the app's own handlers answer.
    expect(await router.dispatch(call('/elsewhere'))).toBeUndefined();
    expect(await router.dispatch(call('/wx/login'))).toBeUndefined();
  });
});
