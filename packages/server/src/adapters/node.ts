import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { headerReader, toResponse, type WxCall, type WxReply } from '../call.js';
import { errorReply } from '../http.js';
import type { WxServer } from '../server.js';

type Handle = (request: Request) => Promise<Response | undefined>;
type Listener = (req: IncomingMessage, res: ServerResponse) => void;

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

const HOST = /^(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * A wxkit call straight from IncomingMessage: no web Request, the URL parsed and the body read only when a
 * route asks for them.
 */
class NodeCall implements WxCall {
  readonly method: string;
  readonly path: string;
  readonly search: string;
  readonly remoteAddress: string | undefined;
  #url: URL | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly raw: string,
    private readonly host: string,
  ) {
    this.method = req.method ?? 'GET';
    this.header = headerReader(req);
    const query = raw.indexOf('?');
    this.path = query === -1 ? raw : raw.slice(0, query);
    this.search = query === -1 ? '' : raw.slice(query);
    this.remoteAddress = req.socket?.remoteAddress;
  }

  get url(): URL {
    if (!this.#url) {
      const protocol = (this.req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
      this.#url = new URL(this.raw, `${protocol}://${this.host}`);
    }
    return this.#url;
  }

  /** The one header rule of the kit (`call.ts`): repeated headers joined, cookies with `; `. */
  readonly header: (name: string) => string | undefined;

  async text(limit: number): Promise<string | undefined> {
    if (Number(this.req.headers['content-length'] ?? 0) > limit) return undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.req) {
      size += (chunk as Buffer).length;
      if (size > limit) return undefined;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

/** Throws on a malformed Host header, which would make every URL of the request wrong. */
export function callFromNode(req: IncomingMessage): WxCall {
  const host = req.headers.host ?? 'localhost';
  if (!HOST.test(host)) throw new TypeError('malformed Host header');
  return new NodeCall(req, req.url ?? '/', host);
}

export function writeReply(res: ServerResponse, reply: WxReply): void {
  if (reply.cookies) res.setHeader('set-cookie', reply.cookies);
  if (reply.body === undefined) res.setHeader('content-length', 0);
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}

// @hono/node-server: tells its listener that the response was written by someone else.
const ALREADY_SENT = () => new Response(null, { headers: { 'x-hono-already-sent': 'true' } });

const notFound = (method: string | undefined, path: string) =>
  errorReply(404, { code: 'not_found', message: `${method ?? 'GET'} ${path} is not handled` });

/**
 * A node:http listener: `http.createServer(toNodeListener(wx, fallback))`. With a WxServer, its routes are
 * served from IncomingMessage directly and the raw body is read only by the routes that need it; anything
 * else goes to `fallback` (or gets a 404). A plain web handler `(Request) => Response | undefined` is bridged
 * with @hono/node-server instead.
 */
export function toNodeListener(
  target: Handle | Pick<WxServer, 'dispatch' | 'owns'>,
  fallback?: Listener,
  options: {
    /**
     * For a plain web handler only: let @hono/node-server replace the global Request/Response with its
     * lightweight ones (about twice the throughput). Only where this process is yours to change.
     */
    overrideGlobalObjects?: boolean;
  } = {},
): Listener {
  if (typeof target === 'function') return webListener(target, fallback, options.overrideGlobalObjects);
  const wx = target;
  const fallthrough = (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (fallback) fallback(req, res);
    else writeReply(res, notFound(req.method, path));
  };
  return (req, res) => {
    const path = pathOf(req.url);
    if (!wx.owns(path)) return fallthrough(req, res, path);
    let call: WxCall;
    try {
      call = callFromNode(req);
    } catch {
      return writeReply(
        res,
        errorReply(400, { code: 'bad_request', message: 'The request URL or Host header is malformed' }),
      );
    }
    wx.dispatch(call).then(
      (reply) => (reply ? writeReply(res, reply) : fallthrough(req, res, path)),
      (error: unknown) => {
        console.error('[wxkit] node adapter:', error instanceof Error ? error.message : error);
        if (!res.headersSent)
          writeReply(res, errorReply(500, { code: 'internal', message: 'Internal error' }));
      },
    );
  };
}

function webListener(
  handle: Handle,
  fallback: Listener | undefined,
  overrideGlobalObjects = false,
): Listener {
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
      return toResponse(notFound(request.method, new URL(request.url).pathname));
    },
    {
      overrideGlobalObjects,
      autoCleanupIncoming: false,
      errorHandler: (error) => {
        console.error('[wxkit] node adapter:', error instanceof Error ? error.message : error);
      },
    },
  );
  return (req, res) => void listener(req, res);
}

export const pathOf = (url: string | undefined) => {
  const path = url ?? '/';
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
};
