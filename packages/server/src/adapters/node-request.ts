import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { callFromRequest, NODE_BRIDGE, type NodeBridge, toResponse, type WxReply } from '../call.js';
import { NodeCall, protocolOf } from './node-call.js';

/**
 * The node adapter's way into `wx.handle` without the cost of undici's Request and Response (the way
 * @hono/node-server keeps node fast): a Request whose URL, headers and body are built only when someone reads
 * them, and a Response that holds the kit's reply until someone reads it. `handle` recognises the Request by
 * NODE_BRIDGE and routes IncomingMessage directly; the adapter writes the reply without building a Response.
 * To any other code both are ordinary (instanceof Request / Response, every property works).
 */
const INCOMING = Symbol('incoming');
const HOST = Symbol('host');
const REAL = Symbol('real');

const REQUEST_PROPERTIES = [
  'body',
  'bodyUsed',
  'cache',
  'credentials',
  'destination',
  'duplex',
  'headers',
  'integrity',
  'keepalive',
  'mode',
  'redirect',
  'referrer',
  'referrerPolicy',
  'signal',
];
const BODY_METHODS = ['arrayBuffer', 'blob', 'bytes', 'clone', 'formData', 'json', 'text'];

class LazyRequest {
  readonly [INCOMING]: IncomingMessage;
  readonly [HOST]: string;
  [REAL]: Request | undefined;

  constructor(req: IncomingMessage, host: string) {
    this[INCOMING] = req;
    this[HOST] = host;
    this[REAL] = undefined;
  }

  get method(): string {
    return this[INCOMING].method ?? 'GET';
  }

  get url(): string {
    return new URL(this[INCOMING].url ?? '/', `${protocolOf(this[INCOMING])}://${this[HOST]}`).href;
  }
}

function realRequest(lazy: LazyRequest): Request {
  if (lazy[REAL]) return lazy[REAL];
  const req = lazy[INCOMING];
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const init: RequestInit & { duplex?: 'half' } = { method: lazy.method, headers };
  if (lazy.method !== 'GET' && lazy.method !== 'HEAD') {
    init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  lazy[REAL] = new Request(lazy.url, init);
  return lazy[REAL];
}

const REPLY = Symbol('reply');
const BUILT = Symbol('built');

class ReplyResponse {
  readonly [REPLY]: WxReply;
  [BUILT]: Response | undefined;

  constructor(reply: WxReply) {
    this[REPLY] = reply;
  }

  get status(): number {
    return this[REPLY].status;
  }

  get ok(): boolean {
    return this[REPLY].status >= 200 && this[REPLY].status < 300;
  }
}

function builtResponse(response: ReplyResponse): Response {
  response[BUILT] ??= toResponse(response[REPLY]);
  return response[BUILT];
}

const bridge: NodeBridge = {
  call(request) {
    const lazy = request as unknown as LazyRequest;
    const req = lazy[INCOMING];
    // Once someone built the real Request (and may have read its body), the routes read that one.
    return lazy[REAL] ? callFromRequest(lazy[REAL]) : new NodeCall(req, req.url ?? '/', lazy[HOST]);
  },
  respond: (reply) => new ReplyResponse(reply) as unknown as Response,
};

/** Every other property and body method of the real object, built on first use. */
function delegate<T extends object>(proto: object, real: (self: T) => object, properties: string[]) {
  for (const name of properties)
    Object.defineProperty(proto, name, {
      get(this: T) {
        return (real(this) as Record<string, unknown>)[name];
      },
    });
  for (const name of BODY_METHODS)
    Object.defineProperty(proto, name, {
      value(this: T, ...args: unknown[]) {
        const target = real(this) as Record<string, (...a: unknown[]) => unknown>;
        return target[name]!(...args);
      },
    });
}
delegate(LazyRequest.prototype, realRequest, REQUEST_PROPERTIES);
delegate(ReplyResponse.prototype, builtResponse, [
  'body',
  'bodyUsed',
  'headers',
  'redirected',
  'statusText',
  'type',
  'url',
]);
Object.defineProperty(LazyRequest.prototype, NODE_BRIDGE, { value: bridge });
Object.setPrototypeOf(LazyRequest.prototype, Request.prototype);
Object.setPrototypeOf(ReplyResponse.prototype, Response.prototype);

/** A Request for `req` that costs nothing until read; `host` is the request's checked Host header. */
export const lazyRequest = (req: IncomingMessage, host: string) =>
  new LazyRequest(req, host) as unknown as Request;

/** The kit's reply inside a Response that `handle` gave back for a lazy Request, else undefined. */
export const replyOf = (response: Response): WxReply | undefined =>
  response instanceof ReplyResponse ? response[REPLY] : undefined;
