import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { wxExpress } from '../src/adapters/express.js';
import { wxFastify } from '../src/adapters/fastify.js';
import { wxHono } from '../src/adapters/hono.js';
import { wxKoa } from '../src/adapters/koa.js';
import { toNodeListener } from '../src/adapters/node.js';
import { harness } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The same checks through every framework: a wxkit route, the app's own route, and a raw callback body. */
async function exercise(base: string, h: Awaited<ReturnType<typeof harness>>) {
  expect(await (await fetch(`${base}/WW_verify_AbCd1234.txt`)).text()).toBe('AbCd1234');
  expect(await (await fetch(`${base}/hello`)).text()).toBe('app');
  const me = await fetch(`${base}/wx/me`);
  expect(me.status).toBe(401);
  const { encrypt, msgSignature } = h.crypto.encrypt(
    '<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><FromUserName><![CDATA[zhangsan]]></FromUserName></xml>',
    { timestamp: String(Math.floor(h.emu.now() / 1000)), nonce: 'nn' },
  );
  const posted = await fetch(
    `${base}/wx/events?msg_signature=${msgSignature}&timestamp=${Math.floor(h.emu.now() / 1000)}&nonce=nn`,
    {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
    },
  );
  expect(posted.status).toBe(200);
}

/** The app's own route reads the member from the framework's own request object, and keeps its parsed body. */
async function whoami(base: string, h: Awaited<ReturnType<typeof harness>>) {
  const { response } = await h.loginVia('spa', 'zhangsan');
  const { token } = (await response.json()) as { token: string };
  const answer = await fetch(`${base}/whoami`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ echo: 'kept' }),
  });
  expect(answer.status).toBe(200);
  expect(await answer.json()).toEqual({ id: 'zhangsan', echo: 'kept' });
  expect((await fetch(`${base}/whoami`, { method: 'POST', body: '{}' })).status).toBe(401);
}

describe('framework adapters', () => {
  it('node:http, serving the routes straight from IncomingMessage', async () => {
    const h = await harness();
    const base = await listen(toNodeListener(h.wx, (_req, res) => res.end('app')));
    await exercise(base, h);
    const config = await fetch(`${base}/wx/jssdk/config?url=${encodeURIComponent('http://localhost:3000/')}`);
    expect(config.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(config.headers.get('content-length'))).toBe(
      (await config.clone().arrayBuffer()).byteLength,
    );
    expect(await config.json()).toMatchObject({ appId: 'ww0123456789abcdef', signature: expect.any(String) });
    // The hint names 可信域名: the length counts bytes, not characters.
    const refused = await fetch(`${base}/wx/jssdk/config?url=${encodeURIComponent('http://evil.example/')}`);
    const buffer = await refused.arrayBuffer();
    expect(Number(refused.headers.get('content-length'))).toBe(buffer.byteLength);
    expect(new TextDecoder().decode(buffer).length).toBeLessThan(buffer.byteLength);
  });

  it('node:http hands a wrapper written outside the kit an ordinary Request and Response', async () => {
    const h = await harness();
    const seen: string[] = [];
    // An adapter or middleware of someone else's: it sees only web Request/Response, reads them, and passes on.
    const wrapper = {
      owns: h.wx.owns,
      async handle(request: Request) {
        const body = request.method === 'POST' ? await request.clone().text() : '';
        seen.push(
          `${request instanceof Request} ${request.method} ${new URL(request.url).pathname} ${request.headers.get('x-probe')} ${body}`,
        );
        const response = await h.wx.handle(request);
        if (response)
          seen.push(
            `${response instanceof Response} ${response.status} ${response.headers.get('content-type')}`,
          );
        return response;
      },
    };
    const base = await listen(toNodeListener(wrapper));
    expect((await fetch(`${base}/wx/me`, { headers: { 'x-probe': 'p' } })).status).toBe(401);
    // The wrapper read the body first: the route still gets all of it (no state cookie, so state_unknown, not bad_json).
    const posted = await fetch(`${base}/wx/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-probe': 'q' },
      body: JSON.stringify({ code: 'CODE', state: 'STATE' }),
    });
    expect(await posted.json()).toMatchObject({ error: { code: 'state_unknown' } });
    expect(seen).toEqual([
      'true GET /wx/me p ',
      'true 401 application/json; charset=utf-8',
      'true POST /wx/session q {"code":"CODE","state":"STATE"}',
      'true 400 application/json; charset=utf-8',
    ]);
  });

  it('node:http with a plain web handler, bridged', async () => {
    const h = await harness();
    const base = await listen(toNodeListener(h.wx.handle, (_req, res) => res.end('app')));
    await exercise(base, h);
  });

  it('node:http refuses oversized bodies, streamed or declared, and answers 404 without a fallback', async () => {
    const h = await harness();
    const base = await listen(toNodeListener(h.wx));
    const declared = await fetch(`${base}/wx/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(5000),
    });
    expect(declared.status).toBe(413);
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(2000)));
        controller.close();
      },
    });
    // A well-formed, fresh query: the body limit is what refuses it (the query is checked first).
    const query = `msg_signature=${'0'.repeat(40)}&timestamp=${Math.floor(h.emu.now() / 1000)}&nonce=n`;
    const streamed = await fetch(`${base}/wx/events?${query}`, {
      method: 'POST',
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: { code: 'too_large' } });
    const missing = await fetch(`${base}/elsewhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('node:http answers 400 to a malformed Host header instead of failing', async () => {
    const h = await harness();
    const base = new URL(await listen(toNodeListener(h.wx)));
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(base.port), base.hostname, () =>
        socket.end('GET /wx/me HTTP/1.1\r\nHost: bad host[\r\nConnection: close\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (d) => {
        text += String(d);
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain('bad_request');
  });

  it('Express', async () => {
    const h = await harness();
    const app = express();
    app.use(wxExpress(h.wx));
    app.use(express.json());
    app.get('/hello', (_req, res) => {
      res.send('app');
    });
    app.post('/whoami', async (req, res) => {
      const user = await h.wx.getUser(req);
      if (!user) res.status(401).end();
      else res.json({ id: user.id, echo: req.body.echo });
    });
    const base = await listen(app);
    await exercise(base, h);
    await whoami(base, h);
  });

  it('Fastify', async () => {
    const h = await harness();
    const app = Fastify();
    wxFastify(app, h.wx);
    app.get('/hello', async () => 'app');
    app.post('/whoami', async (request, reply) => {
      const user = await h.wx.getUser(request);
      if (!user) return reply.code(401).send();
      return { id: user.id, echo: (request.body as { echo: string }).echo };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await exercise(base, h);
    await whoami(base, h);
  });

  it('Koa', async () => {
    const h = await harness();
    const app = new Koa();
    app.use(wxKoa(h.wx));
    app.use(async (ctx) => {
      if (ctx.path === '/hello') ctx.body = 'app';
      if (ctx.path === '/whoami') {
        const user = await h.wx.getUser(ctx.request);
        let raw = '';
        for await (const chunk of ctx.req) raw += String(chunk);
        if (!user) ctx.status = 401;
        else ctx.body = { id: user.id, echo: (JSON.parse(raw) as { echo: string }).echo };
      }
    });
    const base = await listen(app.callback());
    await exercise(base, h);
    await whoami(base, h);
  });

  it('Hono', async () => {
    const h = await harness();
    const app = new Hono();
    app.use(wxHono(h.wx));
    app.get('/hello', (c) => c.text('app'));
    const base = 'http://localhost:3000';
    const local = (path: string, init?: RequestInit) => app.fetch(new Request(new URL(path, base), init));
    expect(await (await local('/WW_verify_AbCd1234.txt')).text()).toBe('AbCd1234');
    expect(await (await local('/hello')).text()).toBe('app');
    expect((await local('/wx/me')).status).toBe(401);
  });
});

describe('the node adapter when the app fails', () => {
  it("answers 500 when the app's fallback throws after the kit passed on a path, with nothing unhandled", async () => {
    const h = await harness();
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      // A verification file the kit does not have: the kit looks, then hands the request to the app.
      const base = await listen(
        toNodeListener(h.wx, () => {
          throw new Error('a bug in the app');
        }),
      );
      const answer = await fetch(`${base}/WW_verify_NotConfigured1.txt`, {
        signal: AbortSignal.timeout(5000),
      });
      expect(answer.status).toBe(500);
      expect(await answer.json()).toMatchObject({ error: { code: 'internal' } });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
