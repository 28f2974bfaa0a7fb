import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { errorResponse, type WxServer } from '../index.js';
import { pathOf } from './node-call.js';
import { lazyRequest, replyOf } from './node-request.js';

type Handle = (request: Request) => Promise<Response | undefined>;
type Listener = (req: IncomingMessage, res: ServerResponse) => void;

const HOST = /^(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** Writes what `handle` answered: the kit's reply as it is, any other Response through its body. */
function write(res: ServerResponse, response: Response): void {
  const reply = replyOf(response);
  if (!reply) {
    writeResponse(res, response).catch(failed);
    return;
  }
  if (reply.cookies) res.setHeader('set-cookie', reply.cookies);
  if (reply.body === undefined) res.setHeader('content-length', 0);
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

// @hono/node-server: tells its listener that the response was written by someone else.
const ALREADY_SENT = () => new Response(null, { headers: { 'x-hono-already-sent': 'true' } });

const notFound = (method: string | undefined, path: string) =>
  errorResponse(404, { code: 'not_found', message: `${method ?? 'GET'} ${path} is not handled` });

const failed = (error: unknown): void =>
  console.error('[wxkit] node adapter:', error instanceof Error ? error.message : error);

/**
 * A node:http listener: `http.createServer(toNodeListener(wx, fallback))`. With a WxServer (anything with
 * `handle` and `owns`), its routes are answered through `handle` with a Request built lazily from
 * IncomingMessage (the raw body is read only by the routes that need it); anything else goes to `fallback`
 * (or gets a 404). A plain web handler `(Request) => Response | undefined` is bridged with @hono/node-server.
 */
export function toNodeListener(
  target: Handle | Pick<WxServer, 'handle' | 'owns'>,
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
    else write(res, notFound(req.method, path));
  };
  return (req, res) => {
    const path = pathOf(req.url);
    if (!wx.owns(path)) return fallthrough(req, res, path);
    const host = req.headers.host ?? 'localhost';
    // A malformed Host would make every URL of the request wrong.
    if (!HOST.test(host))
      return write(
        res,
        errorResponse(400, { code: 'bad_request', message: 'The request URL or Host header is malformed' }),
      );
    const internal = (error: unknown) => {
      failed(error);
      if (!res.headersSent) write(res, errorResponse(500, { code: 'internal', message: 'Internal error' }));
    };
    wx.handle(lazyRequest(req, host)).then((response) => {
      try {
        if (response) write(res, response);
        else fallthrough(req, res, path);
      } catch (error) {
        // A reply node refuses to write (a header value with a newline) or a fallback that throws: a 500, not an
        // unhandled rejection.
        internal(error);
      }
    }, internal);
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
      return notFound(request.method, new URL(request.url).pathname);
    },
    { overrideGlobalObjects, autoCleanupIncoming: false, errorHandler: failed },
  );
  return (req, res) => void listener(req, res);
}
