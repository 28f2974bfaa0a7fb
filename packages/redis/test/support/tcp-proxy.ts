import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** The local port to point a client at (stays the same across kill/restore). */
  port: number;
  /** Redis stalls: connections stay open and are accepted, but nothing is forwarded or answered. */
  blackhole(): void;
  /** Redis stops: every connection is dropped and new ones are refused (nothing listens). */
  kill(): void;
  /** Back to forwarding; what a stall held back is delivered, as TCP would after a pause. */
  restore(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream?: Socket;
}

/** A TCP proxy to `host:port` that a test can stall, kill and restore (for Redis outages). */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: 'pass' | 'blackhole' | 'killed' = 'pass';
  const pairs = new Set<Pair>();
  let server: Server | undefined;
  let port = 0;

  const drop = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };
  const link = (pair: Pair) => {
    const upstream = connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on('error', () => drop(pair)).on('close', () => drop(pair));
    pair.client.pipe(upstream).pipe(pair.client);
  };
  const stall = (pair: Pair) => {
    pair.client.unpipe();
    pair.upstream?.unpipe();
    pair.client.pause();
    pair.upstream?.pause();
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const listener = createServer((client) => {
        const pair: Pair = { client };
        pairs.add(pair);
        client.on('error', () => drop(pair)).on('close', () => drop(pair));
        if (mode === 'pass') link(pair);
        else client.pause();
      });
      listener.once('error', reject);
      listener.listen(port, '127.0.0.1', () => {
        port = (listener.address() as AddressInfo).port;
        server = listener;
        resolve();
      });
    });
  await listen();

  return {
    get port() {
      return port;
    },
    blackhole() {
      if (mode !== 'pass') return;
      mode = 'blackhole';
      for (const pair of pairs) stall(pair);
    },
    kill() {
      mode = 'killed';
      for (const pair of [...pairs]) drop(pair);
      server?.close();
      server = undefined;
    },
    restore() {
      const was = mode;
      mode = 'pass';
      if (was === 'killed') {
        void listen();
        return;
      }
      for (const pair of pairs) {
        if (!pair.upstream) {
          link(pair);
          pair.client.resume();
          continue;
        }
        pair.client.pipe(pair.upstream).pipe(pair.client);
        pair.client.resume();
        pair.upstream.resume();
      }
    },
    async close() {
      mode = 'killed';
      for (const pair of [...pairs]) drop(pair);
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    },
  };
}
