import { createServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { createEmulator, type Emulator } from '@wxkit/emulator';
import { DEMO_WECOM } from '@wxkit/test-support';
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createWeCom, isWxHttpError, silentLogger } from '../../src/index.js';

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

/** A forward proxy on loopback (CONNECT tunnels and absolute-form requests) that counts what it carried. */
async function startProxy() {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = httpRequest(req.url ?? '', { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => {
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const clientThrough = (emu: Emulator, dispatcher: EnvHttpProxyAgent) =>
  createWeCom({
    ...DEMO_WECOM,
    // The README's recipe: undici's own fetch with its dispatcher (core has no proxy code of its own).
    fetch: ((url: string | URL, init?: RequestInit) =>
      undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch,
    env: { WXKIT_EMULATOR_HOST: emu.host },
    logger: silentLogger,
    retry: { attempts: 1 },
  });

describe('platform calls through an egress proxy (the usual fix for 60020 / 40164)', () => {
  it('sends every platform call through HTTP(S)_PROXY and none through it for a NO_PROXY host', async () => {
    const emu = await createEmulator({ port: 0 });
    cleanup.push(() => emu.close());
    const proxy = await startProxy();

    const proxied = new EnvHttpProxyAgent({ httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: '' });
    cleanup.push(() => proxied.close());
    expect(await clientThrough(emu, proxied).getAccessToken()).toMatch(/\S+/);
    expect(proxy.seen.some((line) => line.includes(emu.host))).toBe(true);

    const carried = proxy.seen.length;
    const bypass = new EnvHttpProxyAgent({
      httpProxy: proxy.url,
      httpsProxy: proxy.url,
      noProxy: '127.0.0.1',
    });
    cleanup.push(() => bypass.close());
    expect(await clientThrough(emu, bypass).getAccessToken()).toMatch(/\S+/);
    expect(proxy.seen.length).toBe(carried);
  });

  it('names the platform host when the proxy is down, not a platform errcode', async () => {
    const emu = await createEmulator({ port: 0 });
    cleanup.push(() => emu.close());
    const proxy = await startProxy();
    proxy.server.closeAllConnections();
    await new Promise((r) => proxy.server.close(r));
    const dead = new EnvHttpProxyAgent({ httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: '' });
    cleanup.push(() => dead.close());
    const failure = await clientThrough(emu, dead)
      .getAccessToken()
      .catch((error: unknown) => error);
    expect(isWxHttpError(failure)).toBe(true);
    expect((failure as Error).message).toContain(emu.host);
  });
});
