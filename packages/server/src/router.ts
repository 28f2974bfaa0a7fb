import type { Logger } from '@wxkit/core';
import type { WxCall, WxReply } from './call.js';
import { errorReply, fromError, text } from './http.js';
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
}): Router {
  const { prefix, verifyFiles, logger } = options;
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

  const route = async (call: WxCall): Promise<WxReply | undefined> => {
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

  return {
    owns: (path) => underPrefix(path) || VERIFY_FILE.test(path),
    // Every failure stays inside the envelope: no route lets an error escape to the adapter.
    dispatch: (call) =>
      route(call).catch((error: unknown) => {
        logger.error('route failed', {
          path: call.path,
          error: error instanceof Error ? error.message : String(error),
        });
        return fromError(error);
      }),
  };
}
