import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { WxServer } from '../server.js';

type Handle = (request: Request) => Promise<Response | undefined>;

const MAX_BODY = 1024 * 1024;

/** Builds a web Request from node's IncomingMessage, keeping the raw body bytes (callback signatures need them). */
export async function toRequest(req: IncomingMessage, base = 'http://localhost'): Promise<Request> {
  const host = req.headers.host ?? new URL(base).host;
  const protocol = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const url = new URL(req.url ?? '/', `${protocol}://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) break;
    chunks.push(chunk as Buffer);
  }
  return new Request(url, { method, headers, body: Buffer.concat(chunks) });
}

export async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

// @hono/node-server: tells its listener that the response was written by someone else.
const ALREADY_SENT = () => new Response(null, { headers: { 'x-hono-already-sent': 'true' } });

/**
 * A node:http listener: `http.createServer(toNodeListener(wx, fallback))`. Requests wxkit does not own go to
 * `fallback` (or get a 404). Built on @hono/node-server's listener, which streams the raw body untouched.
 */
export function toNodeListener(
  target: Handle | Pick<WxServer, 'handle' | 'owns'>,
  fallback?: Listener,
  options: {
    /**
     * Let @hono/node-server replace the global Request/Response with its lightweight ones (about three times
     * the throughput). Only where this process is yours to change, e.g. your server's entry point.
     */
    overrideGlobalObjects?: boolean;
  } = {},
): Listener {
  const handle = typeof target === 'function' ? target : (request: Request) => target.handle(request);
  const owns = typeof target === 'function' ? undefined : (pathname: string) => target.owns(pathname);
  const listener = getRequestListener(
    async (request, env) => {
      const response = await handle(request);
      if (response) return response;
      if (fallback) {
        const { incoming, outgoing } = env as unknown as {
          incoming: IncomingMessage;
          outgoing: ServerResponse;
        };
        fallback(incoming, outgoing);
        return ALREADY_SENT();
      }
      return new Response(
        JSON.stringify({
          error: {
            code: 'not_found',
            message: `${request.method} ${new URL(request.url).pathname} is not handled`,
          },
        }),
        {
          status: 404,
          headers: { 'content-type': 'application/json' },
        },
      );
    },
    {
      overrideGlobalObjects: options.overrideGlobalObjects === true,
      autoCleanupIncoming: false,
      errorHandler: (error) => {
        console.error('[wxkit] node adapter:', error instanceof Error ? error.message : error);
      },
    },
  );
  return (req, res) => {
    if (owns && fallback && !owns(pathOf(req.url))) return fallback(req, res);
    void listener(req, res);
  };
}

export const pathOf = (url: string | undefined) => {
  const path = url ?? '/';
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
};
