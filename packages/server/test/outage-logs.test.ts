import { type Logger, silentLogger } from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { demoWeCom, loginThroughEmulator } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { createWxServer } from '../src/index.js';

const recorder = () => {
  const lines: string[] = [];
  const logger: Logger = {
    ...silentLogger,
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
  return { lines, logger };
};

describe('an outage is a few log lines', () => {
  it('logs the platform unreachable once while logins and JS-SDK configs fail, and once when it is back', async () => {
    const emu = await createEmulator();
    let away = false;
    const { lines, logger } = recorder();
    const wecom = demoWeCom(emu, {
      fetch: (input, init) =>
        away ? Promise.reject(new TypeError('fetch failed: ECONNREFUSED')) : emu.fetch(input, init),
      retry: { attempts: 1 },
      logger,
    });
    const wx = createWxServer({
      wecom,
      session: { secret: 'a-test-secret-that-is-long-enough-0123' },
      jssdk: { domains: ['localhost:3000'] },
      logger,
    });
    const app = async (path: string, init?: RequestInit) =>
      (await wx.handle(new Request(new URL(path, 'http://localhost:3000'), init))) as Response;
    const login = async () =>
      (await loginThroughEmulator({ app, emulator: emu.fetch, member: 'zhangsan' })).responses.finish;
    const config = (n: number) =>
      app(`/wx/jssdk/config?url=${encodeURIComponent(`http://localhost:3000/p?n=${n}`)}`);

    away = true;
    for (let i = 0; i < 30; i++) {
      expect((await login()).status).toBe(503);
      expect((await config(i)).status).toBeGreaterThanOrEqual(500);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warn @wxkit\/server: platform unreachable: /);
    away = false;
    expect((await login()).status).toBe(200);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^warn @wxkit\/server: platform unreachable: over after .*, 60 in all/);
  });
});
