import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { buildApp } from './app.js';
import { FEATURE_STATES } from './features.js';
import { lanAddress } from './lan.js';
import { Lifecycle, type SnapshotInfo } from './lifecycle.js';
import type { Seed } from './seed.js';

export interface EmulatorOptions {
  /** A seed object, a path to a YAML seed, or nothing for the shipped default seed. */
  seed?: Seed | string;
  /** Listen on this port (0 = any free port); omit to serve only in-process through `fetch`. */
  port?: number;
  host?: string;
  /** With `host: '0.0.0.0'`: the address phones reach this machine by; found from the interfaces when omitted. */
  lanAddress?: string;
  /** Epoch milliseconds; the emulator adds its own offset from `advance()`. */
  clock?: () => number;
  /**
   * A JSON file holding the whole state (seed, clock offset, tokens, tickets, codes, menus, workbench, inbox,
   * journal, faults): loaded at start, written atomically when it changes (checked each second) and on close.
   */
  persist?: string;
  /**
   * A folder written by `exportOnExit` (the CLI's `--import DIR`): the emulator starts from its state. A `persist`
   * file that exists wins over it.
   */
  import?: string;
  /** A folder to write the whole state to on close (`--export-on-exit DIR`), for a later `import`. */
  exportOnExit?: string;
  /**
   * How the emulator reaches the app for callbacks and pushes (default: the global fetch). Pass the app's own
   * `handle` to test callbacks in-process, without a port.
   */
  appFetch?: (input: URL | Request | string, init?: RequestInit) => Promise<Response>;
  /** How long a push waits for the app's answer before it is dropped and tried again (the platforms: 5 s). */
  pushTimeoutMs?: number;
  /**
   * The process is the emulator's own (the CLI): let @hono/node-server swap in its lightweight global
   * Request/Response, about twice the throughput over HTTP. Leave it off when tests share the process.
   */
  ownProcess?: boolean;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` when listening, else `http://emulator.local`. */
  url: string;
  /** The value for WXKIT_EMULATOR_HOST. */
  host: string;
  /** Listening on every interface (`host: '0.0.0.0'`): the URL a phone on the same network opens. */
  lanUrl?: string;
  /** Calls the emulator in-process (no socket); the URL's host is ignored. */
  fetch: typeof fetch;
  reset(): Promise<void>;
  advance(seconds: number): void;
  /** Saves the whole state (every feature, the seed, the clock) under `name` (also POST /_emulator/snapshots). */
  saveSnapshot(name: string): SnapshotInfo;
  /** Brings back what was saved as `name`, clock included, without a restart (a clean start for the next test). */
  restoreSnapshot(name: string): SnapshotInfo;
  now(): number;
  close(): Promise<void>;
}

/** WeChat and WeCom on localhost, for tests (in-process or on a port) and for development. */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  if (
    options.port !== undefined &&
    (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
  ) {
    throw new Error(`@wxkit/emulator: port must be 0-65535, got ${options.port}`);
  }
  const life = new Lifecycle({
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.persist ? { persist: options.persist } : {}),
    ...(options.import ? { importDir: options.import } : {}),
    ...(options.exportOnExit ? { exportOnExit: options.exportOnExit } : {}),
    outbound: {
      ...(options.appFetch ? { fetch: options.appFetch } : {}),
      ...(options.pushTimeoutMs !== undefined ? { timeoutMs: options.pushTimeoutMs } : {}),
    },
    states: FEATURE_STATES,
  });
  // --persist: the whole state, written atomically whenever it changed (checked every second) and on close.
  const saver = options.persist ? setInterval(() => life.save(), 1000) : undefined;
  saver?.unref();
  /** Host names the control API answers on besides loopback (see control-guard.ts). */
  const hosts: string[] = [];
  let lan: string | undefined;
  const app = buildApp(() => life.world, life, { hosts: () => hosts, lan: () => lan });

  // The node adapter passes its bindings (the socket, which control-guard.ts checks) as the second argument.
  const handle = async (request: Request, env?: unknown) => {
    try {
      return await app.fetch(request, env);
    } finally {
      life.touched();
    }
  };

  const inProcess = (async (input: string | URL | Request, init?: RequestInit) => {
    const request =
      input instanceof Request ? input : new Request(new URL(String(input), 'http://emulator.local'), init);
    try {
      return await handle(request);
    } catch (cause) {
      throw new TypeError('fetch failed', { cause });
    }
  }) as typeof fetch;

  let server: ReturnType<typeof serve> | undefined;
  let url = 'http://emulator.local';
  let host = 'emulator.local';
  if (options.port !== undefined) {
    const hostname = options.host ?? '127.0.0.1';
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      // No global Request/Response overrides: the emulator often shares a process with the code it tests.
      const s = serve(
        {
          fetch: handle,
          port: options.port ?? 0,
          hostname,
          overrideGlobalObjects: options.ownProcess === true,
        },
        () => resolve(s),
      );
      s.once('error', reject);
    });
    const address = server.address() as AddressInfo;
    hosts.push(hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname);
    host = `${hostname}:${address.port}`;
    url = `http://${host}`;
    if (hostname === '0.0.0.0' || hostname === '::') {
      // Every interface: phones on the same network can reach it, so QR codes use the LAN address.
      lan = options.lanAddress ?? lanAddress();
      if (lan) hosts.push(lan);
    }
  }

  return {
    url,
    host,
    ...(lan ? { lanUrl: `http://${lan}:${host.slice(host.lastIndexOf(':') + 1)}` } : {}),
    fetch: inProcess,
    async reset() {
      life.reset();
    },
    advance(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0)
        throw new Error('@wxkit/emulator: advance(seconds) takes a number >= 0');
      life.advance(seconds);
    },
    now: life.now,
    saveSnapshot: (name) => life.saveAs(name),
    restoreSnapshot: (name) => life.restore(name),
    async close() {
      if (saver) clearInterval(saver);
      life.close();
      if (!server) return;
      const s = server;
      await new Promise<void>((resolve) => {
        (s as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        s.close(() => resolve());
      });
    },
  };
}
