/**
 * The same I/O as a login without the kit: what node:http and fetch cost the kit's process to serve the two
 * requests of a login and make its upstream calls, with the same bytes, and nothing else. The server bench takes
 * it from the kit's CPU per login, and what is left is the kit's own (its checks, seals, cookies, store, logic).
 *
 * - `recorder` keeps, while on, what the kit's upstream calls sent and got (method, path, body, answer);
 * - `replayServer` (a process of its own, like the emulator) answers those calls with the recorded bytes;
 * - `nullKit` answers the kit's two routes with the kit's recorded answers: `/wx/login` at once, `/wx/session`
 *   after reading the body and making the recorded upstream calls against the replay server (parsing each JSON).
 */
import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  /** Path and query, as the kit sent it. */
  path: string;
  body?: string;
  answer: { status: number; headers: Record<string, string>; body: string };
}

export interface KitAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

/** Wraps a fetch: while `on`, every call's request and answer is kept (the last login's calls). */
export function recorder(inner: typeof fetch) {
  const state = { on: false, calls: [] as Exchange[] };
  const fetcher: typeof fetch = async (input, init) => {
    const response = await inner(input, init);
    if (state.on) {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (name === 'content-type' || name === 'content-length') headers[name] = value;
      });
      state.calls.push({
        method: init?.method ?? 'GET',
        path: url.pathname + url.search,
        ...(typeof init?.body === 'string' ? { body: init.body } : {}),
        answer: { status: response.status, headers, body: await response.clone().text() },
      });
    }
    return response;
  };
  return { fetch: fetcher, state };
}

/** A request's body as text (the kit's own routes read theirs the same way). */
export const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** Child process: answers recorded calls by path (without query); POST /__set takes the list of exchanges. */
export async function replayServer(): Promise<string> {
  let byPath = new Map<string, Exchange['answer']>();
  let delayMs = 0;
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/__set') {
      const set = JSON.parse(await readBody(req)) as { calls: Exchange[]; delayMs: number };
      byPath = new Map(set.calls.map((c) => [c.path.split('?')[0] ?? '', c.answer]));
      delayMs = set.delayMs;
      res.end('ok');
      return;
    }
    if (req.method !== 'GET') await readBody(req);
    const answer = byPath.get(path);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (!answer) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * The kit's two login routes without the kit: the recorded answers, the recorded upstream calls in between, made
 * with `fetcher` against `replay` (a replay server; or, with a stub platform in the same process, an empty base).
 */
export function nullKit(fetcher: typeof fetch = fetch): {
  listener: RequestListener;
  set(setup: { replay: string; calls: Exchange[]; login: KitAnswer; session: KitAnswer }): void;
} {
  let setup: { replay: string; calls: Exchange[]; login: KitAnswer; session: KitAnswer } | undefined;
  const write = (res: Parameters<RequestListener>[1], answer: KitAnswer) => {
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body || undefined);
  };
  return {
    set: (next) => {
      setup = next;
    },
    listener: (req, res) => {
      if (!setup) {
        res.writeHead(503).end();
        return;
      }
      const { replay, calls, login, session } = setup;
      if (req.method === 'GET') return write(res, login);
      void (async () => {
        JSON.parse(await readBody(req));
        for (const call of calls) {
          const init: RequestInit = { method: call.method };
          if (call.body !== undefined) {
            init.body = call.body;
            init.headers = { 'content-type': 'application/json' };
          }
          await (await fetcher(`${replay}${call.path}`, init)).json();
        }
        write(res, session);
      })();
    },
  };
}
