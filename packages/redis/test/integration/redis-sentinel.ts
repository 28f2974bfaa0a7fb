import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@wxkit/test-support';
import { Redis } from 'ioredis';

const HOST = '127.0.0.1';
const READY_MS = 8000;
export const MASTER_NAME = 'wxkit';

/** A master, its replica and sentinels as real processes (Debian's redis-server and redis-sentinel). */
export interface LocalSentinel {
  name: string;
  sentinels: { host: string; port: number }[];
  /** Where the master listens now (changes after a failover). */
  masterPort(): Promise<number>;
  /** SIGKILLs the current master process: no goodbye to clients or sentinels. */
  killMaster(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `command args`; resolves once its log shows `ready`, rejects if it exits or takes too long. */
function start(command: string, args: string[], ready: string): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} was not ready within ${READY_MS} ms:\n${log}`));
    }, READY_MS);
    const onData = (chunk: Buffer) => {
      log += String(chunk);
      if (log.includes(ready)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += String(chunk);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${log}`));
    });
    child.once('error', reject);
  });
}

const server = (port: number, dir: string, extra: string[] = []) =>
  start(
    'redis-server',
    ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir, ...extra],
    'Ready to accept connections',
  );

async function until(what: string, check: () => Promise<boolean>, ms = READY_MS) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Starts a master, one replica and `sentinelCount` sentinels (quorum 1, master down after `downAfterMs`) on
 * random ports in a temporary directory; resolves once the replica is in sync and the sentinels know it.
 */
export async function startSentinel(
  options: { sentinelCount?: number; downAfterMs?: number } = {},
): Promise<LocalSentinel> {
  const dir = await mkdtemp(join(tmpdir(), 'wxkit-sentinel-'));
  const processes = new Map<number, ChildProcess>();
  const ports = { master: await freePort(), replica: await freePort() };
  processes.set(ports.master, await server(ports.master, dir));
  processes.set(
    ports.replica,
    await server(ports.replica, dir, [
      '--replicaof',
      HOST,
      String(ports.master),
      '--dbfilename',
      'replica.rdb',
    ]),
  );
  const sentinels: { host: string; port: number }[] = [];
  for (let i = 0; i < (options.sentinelCount ?? 1); i++) {
    const port = await freePort();
    const conf = join(dir, `sentinel-${port}.conf`);
    await writeFile(
      conf,
      [
        `port ${port}`,
        `bind ${HOST}`,
        `dir ${dir}`,
        `sentinel monitor ${MASTER_NAME} ${HOST} ${ports.master} 1`,
        `sentinel down-after-milliseconds ${MASTER_NAME} ${options.downAfterMs ?? 1000}`,
        // Sentinels that split their votes try again after twice this: keep it short, as in a test.
        `sentinel failover-timeout ${MASTER_NAME} 2000`,
        '',
      ].join('\n'),
    );
    processes.set(port, await start('redis-sentinel', [conf], '+monitor master'));
    sentinels.push({ host: HOST, port });
  }
  const admin = (port: number) =>
    new Redis({ host: HOST, port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  const ask = async <T>(port: number, run: (r: Redis) => Promise<T>) => {
    const r = admin(port);
    try {
      await r.connect();
      return await run(r);
    } finally {
      r.disconnect();
    }
  };
  await until('the replica to sync', async () =>
    (await ask(ports.replica, (r) => r.info('replication'))).includes('master_link_status:up'),
  );
  for (const s of sentinels)
    await until('the sentinel to see the replica', async () => {
      const replicas = (await ask(s.port, (r) => r.call('SENTINEL', 'REPLICAS', MASTER_NAME))) as unknown[];
      return replicas.length > 0;
    });

  const masterPort = async () => {
    const first = sentinels[0] as { port: number };
    const [, port] = (await ask(first.port, (r) =>
      r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME),
    )) as [string, string];
    return Number(port);
  };
  return {
    name: MASTER_NAME,
    sentinels,
    masterPort,
    async killMaster() {
      const port = await masterPort();
      processes.get(port)?.kill('SIGKILL');
      processes.delete(port);
      return port;
    },
    async stop() {
      for (const child of processes.values()) child.kill('SIGKILL');
      processes.clear();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
