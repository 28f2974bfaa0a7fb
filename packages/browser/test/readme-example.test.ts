import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLogger } from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { createWxServer } from '@wxkit/server';
import { authorizeAs, demoWeCom, UA } from '@wxkit/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { createWxClient, type WxClientOptions } from '../src/index.js';

// The README's first code block, run as written against a server kit on the emulator: a page that calls
// `wx.fetch('/api/answers')` must reach the app's /api/answers with the session (it reached /wx/api/answers → 404).
const README = await readFile(join(import.meta.dirname, '../README.md'), 'utf8');
const EXAMPLE = /```ts\n([\s\S]*?)```/.exec(README)?.[1] ?? '';

const ORIGIN = 'http://localhost:3000';
const emu = await createEmulator();
afterAll(() => emu.close());
const wx = createWxServer({
  wecom: demoWeCom(emu),
  session: { secret: 'a-test-secret-that-is-long-enough-0123' },
  jssdk: { domains: ['localhost:3000'] },
  logger: silentLogger,
});
const answers: { user: string; body: string }[] = [];
/** The app: the kit's routes, then its own /api/answers, which reads the member from the request. */
async function app(request: Request): Promise<Response> {
  const kit = await wx.handle(request);
  if (kit) return kit;
  if (new URL(request.url).pathname !== '/api/answers') return new Response('not here', { status: 404 });
  const user = await wx.getUser(request);
  if (!user) return new Response('no session', { status: 401 });
  answers.push({ user: user.id, body: await request.text() });
  return Response.json({ ok: true });
}

/** A tab at `href`: same-origin fetches go to the app with the tab's cookies, like a browser's. */
function tab(href: string) {
  const storage = new Map<string, string>();
  let cookies = '';
  const location = {
    href,
    assigned: '',
    assign(url: string) {
      this.assigned = url;
    },
  };
  const fetch = (async (input: string | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookies) headers.set('cookie', cookies);
    headers.set('user-agent', UA.wecomIOS);
    const response = await app(new Request(new URL(String(input), location.href), { ...init, headers }));
    const set = response.headers.getSetCookie().map((c) => c.split(';')[0]);
    if (set.length > 0) cookies = [cookies, ...set].filter(Boolean).join('; ');
    return response;
  }) as typeof globalThis.fetch;
  const jssdk = {
    config() {},
    ready: (callback: () => void) => queueMicrotask(callback),
    error() {},
  };
  const deps: NonNullable<WxClientOptions['deps']> = {
    location,
    history: {
      replaceState: (_s, _t, url) => {
        location.href = new URL(String(url), location.href).href;
      },
    },
    storage: {
      getItem: (k) => storage.get(k) ?? null,
      setItem: (k, v) => void storage.set(k, v),
      removeItem: (k) => void storage.delete(k),
    },
    fetch,
    userAgent: UA.wecomIOS,
    window: { wx: jssdk },
  };
  /** Runs the README's block in this tab (its createWxClient gets this tab's page). */
  const runExample = () => {
    const code = EXAMPLE.replace(/^import .*$/gm, '');
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...values: unknown[]) => Promise<unknown>;
    const create = (options: WxClientOptions) => createWxClient({ ...options, deps });
    return new AsyncFunction('createWxClient', 'body', code)(create, JSON.stringify({ q1: 'yes' }));
  };
  return { location, fetch, runExample };
}

describe("the browser kit's README example", () => {
  it('is the block the README shows (login, ready, and wx.fetch of an app route)', () => {
    expect(EXAMPLE).toContain("wx.fetch('/api/answers'");
    expect(EXAMPLE).toContain('ensureLogin()');
  });

  it('logs in, gets the JS-SDK ready and posts to the app’s /api/answers with the session', async () => {
    const page = tab(`${ORIGIN}/survey`);
    // No session yet: the example sends the tab to the kit's login and waits there.
    void page.runExample();
    await expect.poll(() => page.location.assigned).toMatch(/^\/wx\/login\?mode=spa&redirect=%2Fsurvey$/);
    const login = await page.fetch(page.location.assigned, { redirect: 'manual' });
    const back = (await authorizeAs(emu.fetch, login.headers.get('location') ?? '', 'zhangsan')).back.href;
    expect(back).toMatch(/code=/);
    // The authorize page sends the tab back with ?code&state: the same page runs the example again.
    page.location.href = back;
    await page.runExample();
    expect(answers).toEqual([{ user: 'zhangsan', body: JSON.stringify({ q1: 'yes' }) }]);
  });
});
