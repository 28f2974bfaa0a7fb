import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed, type Emulator } from '../src/index.js';
import { emulator, get, post } from './helpers.js';

/** A raw HTTP request, so the test can send any Host header (fetch would not let it). */
function raw(
  emu: Emulator,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  const { port } = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(port), method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('control API against a DNS-rebinding page', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator({ port: 0 });
  });
  afterAll(() => emu.close());
  const port = () => new URL(emu.url).port;

  it('does not show /_emulator/state (app secrets) to a Host that is not loopback or its own', async () => {
    const secret = defaultSeed().wecom[0]!.apps[0]!.secret;
    for (const host of [`attacker.example:${port()}`, 'attacker.example', `127.0.0.1.nip.io:${port()}`]) {
      const answer = await raw(emu, 'GET', '/_emulator/state', { host });
      expect(answer.status).toBe(403);
      expect(answer.body).not.toContain(secret);
      expect(JSON.parse(answer.body).error).toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(/not allowed.*DNS-rebinding/),
      });
    }
    // The console at / is behind the same gate.
    expect((await raw(emu, 'GET', '/', { host: `attacker.example:${port()}` })).status).toBe(403);
  });

  it('answers on 127.0.0.1, localhost and [::1] under any port', async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, '[::1]:80']) {
      const answer = await raw(emu, 'GET', '/_emulator/state', { host });
      expect(answer.status, host).toBe(200);
    }
  });

  it('leaves the platform API alone whatever the Host (clients send qyapi.weixin.qq.com through proxies)', async () => {
    const answer = await raw(emu, 'GET', '/cgi-bin/gettoken?corpid=x&corpsecret=y', {
      host: 'qyapi.weixin.qq.com',
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).errcode).toBe(40013);
  });
});

describe('control API writes against cross-site requests', () => {
  it('refuses a cross-site text/plain form post (no preflight) and changes nothing', async () => {
    const emu = await emulator();
    const before = emu.now();
    const answer = await emu.fetch('/_emulator/clock/advance', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: '{"seconds":86400}',
    });
    expect(answer.status).toBe(403);
    expect(emu.now()).toBe(before);
  });

  it('refuses a text/plain body from its own origin too (JSON only), with how to fix it', async () => {
    const emu = await emulator();
    const answer = await emu.fetch('/_emulator/reset', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(answer.status).toBe(415);
    expect((await answer.json()).error).toMatchObject({
      code: 'unsupported_media_type',
      message: expect.stringMatching(/content-type: application\/json/),
    });
  });

  it('refuses JSON from another origin and Sec-Fetch-Site: cross-site, accepts its own origin', async () => {
    const emu = await emulator();
    const send = (headers: Record<string, string>) =>
      emu.fetch('/_emulator/clock/advance', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"seconds":1}',
      });
    expect((await send({ origin: 'http://localhost:3000' })).status).toBe(403);
    expect((await send({ origin: 'null' })).status).toBe(403);
    expect((await send({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await send({ origin: 'http://emulator.local' })).status).toBe(200);
    expect((await send({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('still takes wx.config signatures posted by pages on other origins (the bridge, with CORS)', async () => {
    const emu = await emulator();
    const answer = await emu.fetch('/_emulator/jssdk/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
      body: JSON.stringify({ appId: 'nobody', url: 'http://localhost:3000/' }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ ok: false, errMsg: 'config:invalid appid' });
  });
});

describe('control API input bounds', () => {
  it('refuses a body over 1 MiB with 413, by content-length or by what arrives', async () => {
    const emu = await emulator();
    const big = JSON.stringify({ seed: { pad: 'x'.repeat(1024 * 1024) } });
    const declared = await emu.fetch('/_emulator/state', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    const streamed = await emu.fetch('/_emulator/state', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(100_000)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('refuses out-of-range numbers with 400 and says the range', async () => {
    const emu = await emulator();
    const cases: [string, unknown][] = [
      ['/_emulator/clock/advance', { seconds: 1e12 }],
      ['/_emulator/clock/advance', { seconds: '60' }],
      ['/_emulator/faults', { path: '/cgi-bin/gettoken', count: 1e9, errcode: -1 }],
      ['/_emulator/faults', { path: '/cgi-bin/gettoken', count: 1.5, errcode: -1 }],
      ['/_emulator/faults', { path: '/cgi-bin/gettoken', delayMs: 1e9 }],
      ['/_emulator/faults', { path: '/cgi-bin/gettoken', status: 200 }],
      ['/_emulator/faults', { path: '/cgi-bin/gettoken', errcode: 1e300 }],
      ['/_emulator/faults', { path: '/cgi-bin/gettoken', drop: 'yes' }],
      ['/_emulator/expire', { kind: ['tokens'] }],
    ];
    for (const [path, body] of cases) {
      const answer = await emu.fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(answer.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(((await answer.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(
        10,
      );
    }
    expect((await get(emu, '/_emulator/faults'))['faults']).toEqual([]);
  });

  it('holds at most 100 faults at once', async () => {
    const emu = await emulator();
    for (let i = 0; i < 100; i++)
      expect((await post(emu, '/_emulator/faults', { path: `/cgi-bin/p${i}`, errcode: -1 }))['ok']).toBe(
        true,
      );
    expect(
      (await post(emu, '/_emulator/faults', { path: '/cgi-bin/one-more', errcode: -1 }))['error'],
    ).toMatch(/at most 100/);
  });

  it('answers 400 (not 500) for malformed avatar names and QR texts', async () => {
    const emu = await emulator();
    expect((await emu.fetch('/_emulator/avatar/%E0%A4%A.svg')).status).toBe(200);
    expect((await emu.fetch(`/_emulator/qr?text=${'x'.repeat(5000)}`)).status).toBe(400);
    expect((await emu.fetch('/_emulator/qr?text=hello')).status).toBe(200);
  });

  it('answers every control request with a status below 500, whatever the method, path, headers and body', async () => {
    const seed = defaultSeed();
    // No callback URL: /_emulator/events and callback/verify must not reach out to a port on this machine.
    for (const app of seed.wecom[0]!.apps) delete app.callback;
    const emu = await emulator({ seed });
    const paths = [
      '/_emulator/reset',
      '/_emulator/state',
      '/_emulator/clock/advance',
      '/_emulator/expire',
      '/_emulator/stats',
      '/_emulator/journal',
      '/_emulator/inbox',
      '/_emulator/faults',
      '/_emulator/explain/{q}',
      '/_emulator/events',
      '/_emulator/callback/verify',
      '/_emulator/jssdk/verify',
      '/_emulator/qr',
      '/_emulator/avatar/{q}.svg',
      '/_emulator/console',
      '/_emulator/nothing-here',
    ];
    const json = fc.jsonValue({ maxDepth: 3 });
    const field = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(-1, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER),
    );
    const known = fc.record(
      {
        seconds: field,
        kind: field,
        path: fc.oneof(fc.constantFrom('/cgi-bin/gettoken', '/sns/auth'), fc.string()),
        count: field,
        errcode: field,
        status: field,
        delayMs: fc.oneof(
          fc.integer({ min: 0, max: 3 }),
          field.filter((v) => typeof v !== 'number'),
        ),
        drop: field,
        seed: fc.oneof(json, fc.constant({ wecom: 'x' }), fc.constant({ wecom: [{}], officialAccounts: [] })),
        type: fc.oneof(fc.constantFrom('text', 'click', 'view', 'enter_agent'), fc.string()),
        agentId: field,
        userid: field,
        appId: field,
        url: field,
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      known.map((v) => JSON.stringify(v)),
      json.map((v) => JSON.stringify(v)),
      fc.string(),
      fc.constant(''),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        fc.constantFrom(...paths),
        fc.oneof(
          fc.string({ maxLength: 20 }).map(encodeURIComponent),
          fc.constantFrom('%', '%E0%A4%A', '%zz', 'x'.repeat(3000)),
        ),
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'x', ''),
        body,
        async (method, path, query, type, text) => {
          const init: RequestInit = { method, headers: type ? { 'content-type': type } : {} };
          if (method !== 'GET' && method !== 'OPTIONS') init.body = text;
          const answer = await emu.fetch(`${path.replace('{q}', query)}?text=${query}`, init);
          await answer.arrayBuffer();
          expect(answer.status, `${method} ${path} ${text.slice(0, 200)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('reset', () => {
  it('warns that tokens and tickets a client cached are unknown after a reset (old M14)', async () => {
    const emu = await emulator();
    const answer = await emu.fetch('/_emulator/reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await answer.json()).toMatchObject({
      ok: true,
      warning: expect.stringMatching(/credential cache/),
    });
  });
});
