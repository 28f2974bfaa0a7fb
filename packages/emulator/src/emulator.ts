import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { buildApp } from './app.js';
import { lanAddress } from './lan.js';
import { readSnapshot, restore, snapshot, writeAtomically } from './persist.js';
import { type Seed, seedFrom } from './seed.js';
import { World } from './world.js';

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
  const baseClock = options.clock ?? Date.now;
  let offsetMs = 0;
  const now = () => baseClock() + offsetMs;
  let seedSource: Seed | string | undefined = options.seed;
  const saved = options.persist ? readSnapshot(options.persist) : undefined;
  if (saved) seedSource = saved.seed;
  const initial = seedFrom(seedSource);
  if (saved?.version === 1) offsetMs = Number(saved.offsetMs) || 0;
  let world =
    saved?.version === 1
      ? restore(saved, structuredClone(initial), now)
      : new World(structuredClone(initial), now);
  // --persist: the whole state, written atomically whenever it changed (checked every second) and on close.
  // Only requests (and reset/advance) change it, so an idle emulator does not serialise its world each second;
  // two ticks after the last request, so what a request starts after its answer (event pushes) is saved too.
  let written = '';
  let pendingTicks = 0;
  const touched = () => {
    pendingTicks = 2;
  };
  const save = (force = false) => {
    if (!options.persist || (!force && pendingTicks === 0)) return;
    pendingTicks = Math.max(0, pendingTicks - 1);
    const text = snapshot(world, offsetMs);
    if (text === written) return;
    writeAtomically(options.persist, text);
    written = text;
  };
  const saver = options.persist ? setInterval(() => save(), 1000) : undefined;
  saver?.unref();
  const reset = (seed?: Seed) => {
    world = new World(seed ? seedFrom(seed) : structuredClone(initial), now);
    touched();
  };
  /** Host names the control API answers on besides loopback (see control-guard.ts). */
  const hosts: string[] = [];
  let lan: string | undefined;
  const app = buildApp(
    () => world,
    {
      reset,
      advance: (s) => {
        offsetMs += s * 1000;
        touched();
      },
    },
    { hosts: () => hosts, lan: () => lan },
  );

  // The node adapter passes its bindings (the socket, which control-guard.ts checks) as the second argument.
  const handle = async (request: Request, env?: unknown) => {
    try {
      return await app.fetch(request, env);
    } finally {
      touched();
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
      reset();
    },
    advance(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0)
        throw new Error('@wxkit/emulator: advance(seconds) takes a number >= 0');
      offsetMs += seconds * 1000;
      touched();
    },
    now,
    async close() {
      if (saver) clearInterval(saver);
      save(true);
      if (!server) return;
      const s = server;
      await new Promise<void>((resolve) => {
        (s as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        s.close(() => resolve());
      });
    },
  };
}
