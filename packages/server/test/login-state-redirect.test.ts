import { createSealer } from '@wxkit/core';
import { authorizeAs, finishLogin, startLogin } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { harness, testOptions } from './helpers.js';

/**
 * The return path is checked when a login starts, and checked again when its sealed state comes back: a state
 * sealed by an earlier kit (a deploy lands while logins are in flight, states live 10 minutes) may carry a path the
 * rule of the day refuses. Here such a state is sealed with the server's own secret, as that kit would have.
 */
const OFF_SITE = [
  '//evil.example/x',
  'https://evil.example/',
  '/\\evil.example',
  '/%2F%2Fevil.example',
  '/.//evil.example',
];

async function loginWithSealedRedirect(mode: 'spa' | 'callback', redirect: string) {
  const h = await harness();
  const start = await startLogin({ app: h.app, mode, redirect: '/survey?id=1' });
  const [name, value] = start.cookies.split('=', 2) as [string, string];
  const sealer = createSealer(testOptions(h.emu).session.secret);
  const state = sealer.open<Record<string, unknown>>('login', value);
  expect(state?.['redirect']).toBe('/survey?id=1');
  const cookies = `${name}=${sealer.seal('login', { ...state, redirect })}`;
  const page = await authorizeAs(h.emu.fetch, start.authorize, 'zhangsan');
  return finishLogin({ app: h.app, mode, back: page.back, cookies });
}

describe('a sealed login state whose return path the current rule refuses', () => {
  it.each(OFF_SITE)('logs the member in and sends them to the site root, not %s (SPA)', async (redirect) => {
    const response = await loginWithSealedRedirect('spa', redirect);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { redirect: string }).redirect).toBe('/');
  });

  it.each(OFF_SITE)(
    'logs the member in and redirects to the site root, not %s (callback)',
    async (redirect) => {
      const response = await loginWithSealedRedirect('callback', redirect);
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('http://localhost:3000/');
    },
  );
});
