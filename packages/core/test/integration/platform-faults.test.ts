import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { createEmulator, type Emulator } from '@wxkit/emulator';
import { DEMO_WECOM } from '@wxkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWeCom, isWxHttpError, silentLogger, type WeComOptions } from '../../src/index.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await createEmulator({ port: 0 });
});
afterAll(async () => {
  await emu.close();
});

const survey = (extra: Partial<WeComOptions> = {}) =>
  createWeCom({
    corpId: 'ww0123456789abcdef',
    corpSecret: DEMO_WECOM.corpSecret,
    agentId: 1000002,
    hosts: { qyapi: emu.url },
    env: {},
    logger: silentLogger,
    ...extra,
  });

const control = async (path: string, body?: unknown) => {
  const response = await fetch(`${emu.url}/_emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as Record<string, unknown>;
};
const calls = async (path: string) =>
  ((await control('stats')) as { calls: Record<string, number> }).calls[path] ?? 0;

describe('platform calls against the emulator’s injected faults (real sockets)', () => {
  it('absorbs -1, HTTP 500, 502, a dropped connection and a slow answer on gettoken/user/get', async () => {
    await emu.reset();
    await control('faults', { path: '/cgi-bin/gettoken', count: 1, errcode: -1 });
    await control('faults', { path: '/cgi-bin/gettoken', count: 1, drop: true });
    await control('faults', { path: '/cgi-bin/user/get', count: 1, status: 500 });
    await control('faults', { path: '/cgi-bin/user/get', count: 1, status: 502 });
    await control('faults', { path: '/cgi-bin/user/get', count: 1, delayMs: 2000 });
    const wecom = survey({ timeoutMs: 300, retry: { deadlineMs: 3000, baseDelayMs: 20 } });
    expect((await wecom.users.get('zhangsan')).userid).toBe('zhangsan');
    expect(await calls('/cgi-bin/gettoken')).toBe(3);
    expect(await calls('/cgi-bin/user/get')).toBe(4);
  });

  it('keeps message/send at most once on a dropped connection (it may have been delivered)', async () => {
    await emu.reset();
    const wecom = survey();
    await wecom.getAccessToken();
    await control('faults', { path: '/cgi-bin/message/send', count: 1, drop: true });
    const error = await wecom.messages
      .send({ touser: ['zhangsan'], text: { content: '问卷提醒' } })
      .catch((e: unknown) => e);
    expect(isWxHttpError(error) && error.status).toBeUndefined();
    expect(await calls('/cgi-bin/message/send')).toBe(1);
  });
});

describe('a black-holed platform (accepts connections, never answers)', () => {
  it('fails with a timeout that names the host once the budget is spent, after retrying', async () => {
    const sockets = new Set<Socket>();
    const hole = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
    const port = (hole.address() as AddressInfo).port;
    try {
      const wecom = survey({
        hosts: { qyapi: `http://127.0.0.1:${port}` },
        timeoutMs: 250,
        retry: { deadlineMs: 900, baseDelayMs: 10, maxDelayMs: 20 },
      });
      const error = await wecom.getAccessToken().catch((e: unknown) => e);
      expect(isWxHttpError(error)).toBe(true);
      expect((error as Error).message).toMatch(
        new RegExp(`^127\\.0\\.0\\.1:${port}/cgi-bin/gettoken.*timed out`),
      );
      expect((error as Error).message).not.toContain('survey-secret');
      // 250 ms, then retries clamped to what is left of 900 ms: several attempts, none after the deadline.
      expect(sockets.size).toBeGreaterThanOrEqual(3);
      expect(sockets.size).toBeLessThanOrEqual(5);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => hole.close(() => resolve()));
    }
  });
});
