import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOfficialAccount, silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed, type Emulator } from '@wxkit/emulator';
import { createRedisStore, type RedisStore } from '@wxkit/redis';
import { afterAll, describe, expect, it } from 'vitest';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const SURVEY_MAIN = join(import.meta.dirname, '../../../../examples/survey/dist/main.js');
const children: ChildProcess[] = [];
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  for (const close of closers) await close();
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function startInstance(port: number, emulator: Emulator, prefix: string, dir: string): Promise<void> {
  const child = spawn(process.execPath, [SURVEY_MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      WXKIT_EMULATOR_HOST: emulator.host,
      SURVEY_DB: join(dir, `survey-${port}.db`),
      JSSDK_DOMAINS: 'localhost:3000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let log = '';
  child.stderr?.on('data', (d) => {
    log += String(d);
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`survey instance on ${port} did not start: ${log}`);
}

describe('several server processes sharing one Redis', () => {
  it('make one token fetch and one ticket fetch for 200 concurrent cold JS-SDK config requests across 4 processes', async () => {
    const emulator = await createEmulator({ port: 0 });
    closers.push(() => emulator.close());
    const prefix = `wxkit-mp-${randomBytes(4).toString('hex')}:`;
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-mp-'));
    const ports = await Promise.all([1, 2, 3, 4].map(() => freePort()));
    await Promise.all(ports.map((port) => startInstance(port, emulator, prefix, dir)));
    const page = encodeURIComponent('http://localhost:3000/');
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`http://127.0.0.1:${ports[i % 4]}/wx/jssdk/config?url=${page}`).then(
          (r) => r.json() as Promise<{ signature?: string }>,
        ),
      ),
    );
    expect(answers.every((a) => typeof a.signature === 'string')).toBe(true);
    const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
      calls: Record<string, number>;
    };
    expect(stats.calls['/cgi-bin/gettoken']).toBe(1);
    expect(stats.calls['/cgi-bin/get_jsapi_ticket']).toBe(1);
    expect(stats.calls['/cgi-bin/ticket/get']).toBe(1);
  }, 60_000);

  it('see zero 40001 over a simulated day of Official Account /cgi-bin/token rotations', async () => {
    const seed = defaultSeed();
    const emulator = await createEmulator({ seed });
    const prefix = `wxkit-oa-${randomBytes(4).toString('hex')}:`;
    // Four clients with their own Redis connections stand for four processes; their clocks follow the emulator's.
    const stores: RedisStore[] = [1, 2, 3, 4].map(() =>
      createRedisStore({ url: REDIS_URL, prefix, logger: silentLogger }),
    );
    closers.push(async () => {
      for (const s of stores) await s.close();
    });
    const clients = stores.map((store) =>
      createOfficialAccount({
        appId: 'wx0123456789abcdef',
        appSecret: 'oa-secret-0123456789abcdef0123456789',
        store,
        fetch: emulator.fetch,
        clock: emulator.now,
        env: {},
        logger: silentLogger,
      }),
    );
    for (let minute = 0; minute < 24 * 60; minute += 10) {
      await Promise.all(
        clients.flatMap((c) => [
          c.call('/cgi-bin/get_current_selfmenu_info'),
          c.call('/cgi-bin/get_current_selfmenu_info'),
        ]),
      );
      emulator.advance(600);
    }
    const stats = (await (await emulator.fetch('/_emulator/stats')).json()) as {
      calls: Record<string, number>;
      errcodes: Record<string, number>;
    };
    expect(stats.errcodes['40001'] ?? 0).toBe(0);
    // A token lives 7200 s and is refreshed 300 s early: about one fetch per 6900 s, never one per process.
    expect(stats.calls['/cgi-bin/token']).toBeLessThanOrEqual(Math.ceil(86_400 / 6_900) + 1);
  }, 60_000);
});
