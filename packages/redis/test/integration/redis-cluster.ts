import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@wxkit/test-support';
import { Redis } from 'ioredis';

const HOST = '127.0.0.1';
const SLOTS = 16384;
// A cluster node also listens on port + 10000 (the cluster bus), so that port has to be valid and free too.
const BUS_OFFSET = 10000;
const MAX_PORT = 55000;
const READY_MS = 5000;

export interface LocalCluster {
  /** Where the masters listen; pass them to `new Cluster(...)`. */
  nodes: { host: string; port: number }[];
  /** A plain connection to each node, in `nodes` order, for per-node commands (CLUSTER …, SCAN). */
  admin: Redis[];
  stop(): Promise<void>;
}

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });

async function freeNodePort(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = await freePort();
    if (port >= MAX_PORT || taken.has(port) || taken.has(port + BUS_OFFSET)) continue;
    if (await canListen(port + BUS_OFFSET)) return port;
  }
  throw new Error(`no free port below ${MAX_PORT} with a free cluster bus port`);
}

/** Starts `redis-server` in cluster mode on `port`; resolves once it accepts connections, rejects if it exits. */
function startNode(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      HOST,
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      join(dir, `nodes-${port}.conf`),
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server on ${port} was not ready within ${READY_MS} ms:\n${log}`));
    }, READY_MS);
    const onData = (chunk: Buffer) => {
      log += String(chunk);
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        child.stdout?.resume();
        resolve(child);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`redis-server on ${port} exited (${signal ?? code}) before it was ready:\n${log}`));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += String(chunk);
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start redis-server: ${error.message}`));
    });
    child.once('exit', onExit);
  });
}

const stopNode = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });

/**
 * A throwaway Redis Cluster of `size` masters on loopback, in a temporary folder: slots split evenly, nodes
 * introduced with CLUSTER MEET, ready once every node reports `cluster_state:ok`. Throws if it cannot be formed.
 */
export async function startCluster(size = 3, readyWithinMs = 10_000): Promise<LocalCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'wxkit-redis-cluster-'));
  const children: ChildProcess[] = [];
  const admin: Redis[] = [];
  const nodes: LocalCluster['nodes'] = [];
  const stop = async () => {
    for (const connection of admin) connection.disconnect();
    await Promise.all(children.map(stopNode));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const taken = new Set<number>();
    for (let i = 0; i < size; i++) {
      // Another process may grab a port between the check and redis-server's bind: try a few.
      for (let attempt = 1; ; attempt++) {
        const port = await freeNodePort(taken);
        taken.add(port).add(port + BUS_OFFSET);
        try {
          children.push(await startNode(port, dir));
          nodes.push({ host: HOST, port });
          break;
        } catch (error) {
          if (attempt >= 3) throw error;
        }
      }
    }
    for (const { port } of nodes) {
      const connection = new Redis({ host: HOST, port, maxRetriesPerRequest: 1, retryStrategy: () => null });
      connection.on('error', () => {});
      admin.push(connection);
    }
    await Promise.all(
      admin.map(async (connection, i) => {
        const first = Math.floor((i * SLOTS) / size);
        const last = Math.floor(((i + 1) * SLOTS) / size) - 1;
        const slots = Array.from({ length: last - first + 1 }, (_, s) => first + s);
        await connection.call('CLUSTER', 'ADDSLOTS', ...slots);
        // Distinct epochs up front, as redis-cli does, instead of waiting for the collision to be resolved.
        await connection.call('CLUSTER', 'SET-CONFIG-EPOCH', i + 1);
      }),
    );
    for (const { port } of nodes.slice(1)) await admin[0]?.call('CLUSTER', 'MEET', HOST, port);
    const deadline = Date.now() + readyWithinMs;
    let infos: string[] = [];
    for (;;) {
      infos = await Promise.all(admin.map((c) => c.call('CLUSTER', 'INFO') as Promise<string>));
      if (infos.every((info) => /^cluster_state:ok\r?$/m.test(info))) break;
      if (Date.now() > deadline) {
        throw new Error(`the cluster did not reach cluster_state:ok:\n${infos.join('\n---\n')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return { nodes, admin, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
