import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@wxkit/core';
import { loginThroughEmulator } from '@wxkit/test-support';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { wxExpress } from '../src/adapters/express.js';
import { wxFastify } from '../src/adapters/fastify.js';
import { wxKoa } from '../src/adapters/koa.js';
import { type Harness, harness } from './helpers.js';

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

// The emulator's app trusts localhost:3000: the redirect_uri must name it whatever port the test listens on.
const PUBLIC = { publicUrl: 'http://localhost:3000' };

/** A single-page login whose every step goes through the framework at `base`. */
async function spaLogin(base: string, h: Harness) {
  const app = (path: string, init?: RequestInit) => fetch(`${base}${path}`, { ...init, redirect: 'manual' });
  return (await loginThroughEmulator({ app, emulator: h.emu.fetch, member: 'zhangsan' })).responses.finish;
}

/** A signed text message to the callback route. */
function callback(base: string, h: Harness) {
  const now = String(Math.floor(h.emu.now() / 1000));
  const { encrypt, msgSignature } = h.crypto.encrypt(
    '<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><FromUserName><![CDATA[zhangsan]]></FromUserName></xml>',
    { timestamp: now, nonce: 'nn' },
  );
  return fetch(`${base}/wx/events?msg_signature=${msgSignature}&timestamp=${now}&nonce=nn`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
  });
}

const recorder = () => {
  const lines: string[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (message) => void lines.push(`warn ${message}`),
    error: (message) => void lines.push(`error ${message}`),
  };
  return { lines, logger };
};

describe('a body parser mounted before the kit', () => {
  it('Express with express.json() first (NestJS default): the member logs in and callbacks keep their raw body', async () => {
    const h = await harness(PUBLIC);
    const app = express();
    app.use(express.json());
    app.use(wxExpress(h.wx));
    const base = await listen(app);
    const session = await spaLogin(base, h);
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ user: { id: 'zhangsan' } });
    expect((await callback(base, h)).status).toBe(200);
  });

  it('NestJS with rawBody: true, or express.text() for every type: the raw copy serves the callback', async () => {
    const h = await harness(PUBLIC);
    const app = express();
    app.use(
      express.text({
        type: '*/*',
        verify: (req, _res, buf) => {
          (req as { rawBody?: Buffer }).rawBody = Buffer.from(buf);
        },
      }),
    );
    app.use(wxExpress(h.wx));
    const base = await listen(app);
    expect((await callback(base, h)).status).toBe(200);
    expect((await spaLogin(base, h)).status).toBe(200);
  });

  it('an XML parser that kept no raw body: the callback gets a clear 500 naming the fix, logged once', async () => {
    const { lines, logger } = recorder();
    const h = await harness({ ...PUBLIC, logger });
    const app = express();
    // body-parser-xml and the like: the stream is read, an object is left, the signed bytes are gone.
    app.use(async (req, _res, next) => {
      let raw = '';
      for await (const chunk of req) raw += String(chunk);
      (req as { body?: unknown }).body = { xml: raw.length };
      next();
    });
    app.use(wxExpress(h.wx));
    const base = await listen(app);
    const first = await callback(base, h);
    expect(first.status).toBe(500);
    const { error } = (await first.json()) as { error: { code: string; hint: string } };
    expect(error.code).toBe('body_consumed');
    expect(error.hint).toContain('before express.json()');
    expect((await callback(base, h)).status).toBe(500);
    const fixes = lines.filter((l) => l.includes('Mount the kit before any body parser'));
    expect(fixes).toHaveLength(1);
    expect(fixes[0]).toMatch(/^error \/wx\/events: the request body was read by a body parser/);
  });

  it('Koa with a body parser first (ctx.request.body and rawBody, as koa-bodyparser keeps them)', async () => {
    const h = await harness(PUBLIC);
    const app = new Koa();
    app.use(async (ctx, next) => {
      let raw = '';
      for await (const chunk of ctx.req) raw += String(chunk);
      const request = ctx.request as { body?: unknown; rawBody?: string };
      request.rawBody = raw;
      request.body = ctx.is('json') && raw ? JSON.parse(raw) : {};
      await next();
    });
    app.use(wxKoa(h.wx));
    const base = await listen(app.callback());
    expect((await spaLogin(base, h)).status).toBe(200);
    expect((await callback(base, h)).status).toBe(200);
  });

  it('Koa with only the parsed object left: login works, the callback names the fix', async () => {
    const h = await harness(PUBLIC);
    const app = new Koa();
    app.use(async (ctx, next) => {
      let raw = '';
      for await (const chunk of ctx.req) raw += String(chunk);
      (ctx.request as { body?: unknown }).body = ctx.is('json') ? JSON.parse(raw) : { xml: raw.length };
      await next();
    });
    app.use(wxKoa(h.wx));
    const base = await listen(app.callback());
    expect((await spaLogin(base, h)).status).toBe(200);
    const refused = await callback(base, h);
    expect(refused.status).toBe(500);
    expect(await refused.json()).toMatchObject({ error: { code: 'body_consumed' } });
  });

  it('Fastify with its JSON parser: the kit answers before Fastify parses', async () => {
    const h = await harness(PUBLIC);
    const app = Fastify();
    app.addContentTypeParser('text/xml', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    wxFastify(app, h.wx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    expect((await spaLogin(base, h)).status).toBe(200);
    expect((await callback(base, h)).status).toBe(200);
  });

  it('a web Request whose body someone already read names the cause instead of failing opaquely', async () => {
    const h = await harness(PUBLIC);
    const request = new Request('http://localhost:3000/wx/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"code":"c","state":"s"}',
    });
    await request.text();
    const response = await h.wx.handle(request);
    expect(response?.status).toBe(500);
    expect(await response?.json()).toMatchObject({ error: { code: 'body_consumed' } });
  });
});
