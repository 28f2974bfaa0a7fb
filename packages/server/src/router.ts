import type { Logger, Platform } from '@wxkit/core';
import { isBodyConsumed } from './body-consumed.js';
import { bodyConsumedReplier } from './body-consumed-reply.js';
import type { WxCall, WxReply } from './call.js';
import { errorReply, fromError, text } from './http.js';
import { localiseReply } from './localise.js';
import { type Route, type RouteName, VERIFY_FILE } from './routes/table.js';

export interface Router {
  /** True when `pathname` is one of the kit's: under the prefix (and not switched off), or a verification file. */
  owns(pathname: string): boolean;
  /** The reply of the route for `call`, undefined when the path is not the kit's. Never rejects. */
  dispatch(call: WxCall): Promise<WxReply | undefined>;
}

/** Routes a call through the table: by path under the prefix, then by method. */
export function createRouter(options: {
  prefix: string;
  table: Record<RouteName, Route>;
  routesOn: Record<RouteName, boolean>;
  verifyFiles: Record<string, string>;
  logger: Logger;
  app: { platform: Platform };
}): Router {
  const { prefix, verifyFiles, logger } = options;
  const bodyConsumed = bodyConsumedReplier(logger);
  const where = { prefix, platform: options.app.platform };
  const byPath = new Map<string, Route>();
  const off = new Set<string>();
  for (const [name, route] of Object.entries(options.table) as [RouteName, Route][]) {
    if (options.routesOn[name]) byPath.set(route.path, route);
    else off.add(route.path);
  }
  const prefixSlash = `${prefix}/`;
  /** A route path ending in `/*` takes one more path segment (a provider's `/events/{corpId}`). */
  const wildcard = (rel: string) => `${rel.slice(0, rel.lastIndexOf('/'))}/*`;
  const underPrefix = (path: string) => {
    if (path !== prefix && !path.startsWith(prefixSlash)) return false;
    const rel = path.slice(prefix.length);
    return !off.has(rel) && !(rel.lastIndexOf('/') > 0 && off.has(wildcard(rel)));
  };
  const find = (rel: string) =>
    byPath.get(rel) ?? (rel.lastIndexOf('/') > 0 ? byPath.get(wildcard(rel)) : undefined);

  /** The route's own promise, or the router's answer when no route takes the call (not async: one hop less). */
  const route = (call: WxCall): Promise<WxReply | undefined> | WxReply | undefined => {
    const { path, method } = call;
    if (!underPrefix(path)) {
      const body = VERIFY_FILE.test(path) ? verifyFiles[path.slice(1)] : undefined;
      return body === undefined ? undefined : text(body);
    }
    const found = find(path.slice(prefix.length) || '/');
    if (!found) return errorReply(404, { code: 'not_found', message: `${path} is not a wxkit route` });
    if (found.methods && !found.methods.includes(method)) {
      const allowed = found.methods.join(', ');
      return errorReply(
        405,
        { code: 'method_not_allowed', message: `${path} accepts ${allowed}` },
        { allow: allowed },
      );
    }
    return found.handle(call);
  };

  // Every failure stays inside the envelope: no route lets an error escape to the adapter. One `then` for the
  // whole answer (a route's reply, the body-consumed cause, the language of an error): each extra promise hop
  // costs about a microsecond on the JS-SDK route, a few percent of its CPU.
  const settle = (call: WxCall, reply: WxReply | undefined) => {
    // A route may have turned the failed read into an answer of its own (a callback's 500): the cause wins.
    const final = call.bodyConsumed ? bodyConsumed(call.bodyConsumed) : reply;
    return final && final.status >= 400 ? localiseReply(final, call, where) : final;
  };
  const fail = (call: WxCall, error: unknown) => {
    if (isBodyConsumed(error)) return localiseReply(bodyConsumed(error), call, where);
    logger.error('route failed', {
      path: call.path,
      error: error instanceof Error ? error.message : String(error),
    });
    return localiseReply(fromError(error), call, where);
  };
  const answer = (call: WxCall): Promise<WxReply | undefined> => {
    let routed: ReturnType<typeof route>;
    try {
      routed = route(call);
    } catch (error) {
      return Promise.resolve(fail(call, error));
    }
    if (!(routed instanceof Promise)) return Promise.resolve(settle(call, routed));
    return routed.then(
      (reply) => settle(call, reply),
      (error: unknown) => fail(call, error),
    );
  };

  return {
    owns: (path) => underPrefix(path) || VERIFY_FILE.test(path),
    dispatch: answer,
  };
}
