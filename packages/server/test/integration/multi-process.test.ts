import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEmulator, defaultSeed, type Emulator } from '@wxkit/emulator';
import { freePort } from '@wxkit/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker, WorkerConfig } from './oa-worker.js';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const SURVEY_MAIN = join(import.meta.dirname, '../../../../examples/survey/dist/main.js');
const children: ChildProcess[] = [];
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  for (const close of closers) await close();
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

const OA_WORKER = join(import.meta.dirname, 'oa-worker.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const API = '/cgi-bin/get_current_selfmenu_info';
const WORKERS = 4;
const CALLS_PER_STEP = 2;
const DAY_S = 86_400;
const STEP_S = 600;
const STEPS = DAY_S / STEP_S + 1;
// The emulator's /cgi-bin/token lives 7200 s and wxkit refreshes it 300 s early.
const LIFETIME_S = 7_200;
const MAX_SHARED_FETCHES = Math.ceil(DAY_S / (LIFETIME_S - 300)) + 1;

interface Worker {
  ready: Promise<FromWorker>;
  ask(message: ToWorker): Promise<FromWorker>;
  stop(): void;
}

function startWorker(config: WorkerConfig): Worker {
  // The worker runs the packages' TypeScript sources, as the tests do, so no build is needed.
  const child = fork(OA_WORKER, [], {
    execArgv: ['--import', TSX, '--conditions=@wxkit/source'],
    env: { ...process.env, ...config },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  children.push(child);
  let log = '';
  child.stderr?.on('data', (d) => {
    log += String(d);
  });
  const reply = () =>
    new Promise<FromWorker>((resolve, reject) => {
      const onMessage = (message: FromWorker) => {
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`oa-worker ${child.pid} exited (${code}): ${log}`));
      };
      child.once('message', onMessage);
      child.once('exit', onExit);
    });
  return {
    ready: reply(),
    ask(message) {
      const answer = reply();
      child.send(message);
      return answer;
    },
    stop: () => child.kill(),
  };
}

/**
 * Four OS processes with an Official Account client each call the emulator every 10 simulated minutes for a
 * day. `one store`: they share one Redis prefix, as in production; `a store each`: every process its own.
 */
async function simulateDay(stores: 'one store' | 'a store each') {
  const emulator = await createEmulator({ port: 0 });
  closers.push(() => emulator.close());
  const account = defaultSeed().officialAccounts[0]!;
  const prefix = `wxkit-oa-${randomBytes(4).toString('hex')}:`;
  const workers = Array.from({ length: WORKERS }, (_, i) =>
    startWorker({
      OA_APP_ID: account.appId,
      OA_APP_SECRET: account.secret,
      REDIS_URL,
      REDIS_PREFIX: stores === 'one store' ? prefix : `${prefix}${i}:`,
      WXKIT_EMULATOR_HOST: emulator.host,
    }),
  );
  const errors: string[] = [];
  const warnings: string[] = [];
  try {
    await Promise.all(workers.map((w) => w.ready));
    for (let step = 0; step < STEPS; step++) {
      const advanced = await fetch(`${emulator.url}/_emulator/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seconds: step === 0 ? 0 : STEP_S }),
      });
      const { now } = (await advanced.json()) as { now: number };
      const answers = await Promise.all(
        workers.map((w) => w.ask({ type: 'step', now, calls: CALLS_PER_STEP })),
      );
      for (const answer of answers) {
        if (answer.type !== 'done') throw new Error(`oa-worker answered ${answer.type} to a step`);
        errors.push(...answer.errors);
        warnings.push(...answer.warnings);
      }
    }
  } finally {
    for (const w of workers) w.stop();
  }
  const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
    calls: Record<string, number>;
    errcodes: Record<string, number>;
  };
  return { stats, errors, warnings };
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
    const day = await simulateDay('one store');
    expect(day.errors).toEqual([]);
    expect(day.warnings).toEqual([]);
    expect(day.stats.errcodes['40001'] ?? 0).toBe(0);
    expect(day.stats.calls[API]).toBe(WORKERS * CALLS_PER_STEP * STEPS);
    const fetches = day.stats.calls['/cgi-bin/token'] ?? 0;
    // The token did rotate all day long, and about once per refresh interval, never once per process.
    expect(fetches).toBeGreaterThanOrEqual(Math.floor(DAY_S / LIFETIME_S));
    expect(fetches).toBeLessThanOrEqual(MAX_SHARED_FETCHES);
  }, 90_000);

  it('see 40001s and extra token fetches when the same processes each keep their own store', async () => {
    const day = await simulateDay('a store each');
    expect(day.stats.errcodes['40001'] ?? 0).toBeGreaterThan(0);
    expect(day.stats.calls['/cgi-bin/token'] ?? 0).toBeGreaterThan(MAX_SHARED_FETCHES);
  }, 90_000);
});
