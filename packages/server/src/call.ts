/**
 * Internal, never exported: what a route sees of a request and gives back. The only public request type is the
 * web Request that `handle()` takes; a call is built from it here, or, for the lazy Request of the node adapter,
 * straight from IncomingMessage (Node 20's undici Request/Response cost several times what the routes do).
 */
import { readCappedText } from '@wxkit/core';
import { BodyConsumedError } from './body-consumed.js';
export interface WxCall {
  method: string;
  /** The path without the query, as received: `/wx/jssdk/config`. */
  path: string;
  /** The query with its `?`, or an empty string. */
  search: string;
  /** Absolute, as the server received it (scheme and host of the connection, not of any proxy). */
  readonly url: URL;
  /** A header by lower-case name; repeated headers joined with ", " (cookies with "; "). */
  header(name: string): string | undefined;
  /** The peer's address where the adapter knows it (node); trustProxy's address list checks it. */
  readonly remoteAddress?: string | undefined;
  /**
   * The raw body as UTF-8 text, or undefined when it is longer than `limit` bytes (reading stops there). With
   * `json`, a JSON route accepts the object a body parser before the kit made of it; a raw route (callbacks) never.
   */
  text(limit: number, options?: { json?: boolean }): Promise<string | undefined>;
  /**
   * Set when `text` failed because a body parser before the kit read the body: the router answers with the fix,
   * whatever the route made of the failure.
   */
  bodyConsumed?: BodyConsumedError;
}

export interface WxReply {
  status: number;
  headers: Record<string, string>;
  cookies?: string[];
  body?: string;
}

/**
 * Anything a framework hands you that carries headers: a web Request, node's IncomingMessage, an Express,
 * Koa (`ctx.req` or `ctx.request`) or Fastify request. `getUser` and `crossSiteRefusal` read only headers.
 */
export type HeadersSource =
  | { headers: Headers }
  | { headers: Record<string, string | string[] | undefined>; method?: string | undefined };

export function headerReader(source: HeadersSource): (name: string) => string | undefined {
  const headers = source?.headers as unknown;
  if (headers && typeof (headers as Headers).get === 'function')
    return (name) => (headers as Headers).get(name) ?? undefined;
  const record = (headers ?? {}) as Record<string, string | string[] | undefined>;
  return (name) => {
    const value = record[name];
    return Array.isArray(value) ? value.join(name === 'cookie' ? '; ' : ', ') : value;
  };
}

/**
 * What the node adapter's lazy Request carries under NODE_BRIDGE: the call straight from IncomingMessage, and a
 * Response that hands the reply back to the adapter without building an undici Response.
 */
export interface NodeBridge {
  call(request: Request): WxCall;
  respond(reply: WxReply): Response;
}
export const NODE_BRIDGE = Symbol('wxkit.nodeBridge');

/** The bridge of a lazy Request from the node adapter, undefined for any other Request. */
export const bridgeOf = (request: Request): NodeBridge | undefined =>
  (request as unknown as Partial<Record<typeof NODE_BRIDGE, NodeBridge>>)[NODE_BRIDGE];

/** A call from a web Request (Hono, Bun, Deno, workers, tests). */
export function callFromRequest(request: Request): WxCall {
  const url = new URL(request.url);
  const call: WxCall = {
    method: request.method,
    path: url.pathname,
    search: url.search,
    url,
    header: (name) => request.headers.get(name) ?? undefined,
    // A framework that read the body first (Hono's c.req.json()) leaves a used stream and no copy the kit can reach.
    text(limit) {
      if (!request.bodyUsed) return readCappedText(request, limit);
      call.bodyConsumed = new BodyConsumedError(url.pathname);
      return Promise.reject(call.bodyConsumed);
    },
  };
  return call;
}

export function toResponse(reply: WxReply): Response {
  if (!reply.cookies?.length) {
    return new Response(reply.body ?? null, { status: reply.status, headers: reply.headers });
  }
  const headers = new Headers(reply.headers);
  for (const cookie of reply.cookies) headers.append('set-cookie', cookie);
  return new Response(reply.body ?? null, { status: reply.status, headers });
}
