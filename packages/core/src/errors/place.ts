import { isWxError, WxConfigError, type WxError } from './errors.js';

// Shared checks say what is wrong; the factory whose method was called says where. The name of a factory enters its
// errors in one place, `placed(PKG, client)` where the factory returns, never as an argument threaded through checks.

const UNPLACED = Symbol('wxkit.unplaced');
type Unplaced = WxError & { [UNPLACED]?: true };

/** `error`, worded without its place: `placed` prefixes `<package> <method>:` to its message when it leaves. */
export function unplaced<E extends WxError>(error: E): E {
  (error as Unplaced)[UNPLACED] = true;
  return error;
}

/** A WxConfigError for bad input, worded without its place (see `unplaced`). */
export const inputError = (message: string): WxConfigError => unplaced(new WxConfigError(message));

function place(where: string, error: unknown): unknown {
  if (isWxError(error) && (error as Unplaced)[UNPLACED]) {
    delete (error as Unplaced)[UNPLACED];
    error.message = `${where}: ${error.message}`;
  }
  return error;
}

/** `fn`, with its unplaced input errors (thrown or rejected) named `where`. */
export function atPlace<F extends (...args: never[]) => unknown>(where: string, fn: F): F {
  return function (this: unknown, ...args: Parameters<F>) {
    try {
      const result = fn.apply(this, args);
      return result instanceof Promise
        ? result.catch((error: unknown) => Promise.reject(place(where, error)))
        : result;
    } catch (error) {
      throw place(where, error);
    }
  } as F;
}

const isPlain = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * A copy of the client a factory returns in which every method names the factory and its own path in the input
 * errors it raises (`@wxkit/core createWeCom jssdk.config: jsApiList must be …`). Accessors and values that are not
 * plain objects (stores, clocks, class instances) are kept as they are.
 */
export function placed<T extends object>(pkg: string, api: T, path = ''): T {
  const copy: Record<PropertyKey, unknown> = {};
  for (const key of Reflect.ownKeys(api)) {
    const descriptor = Object.getOwnPropertyDescriptor(api, key);
    if (!descriptor) continue;
    const at = typeof key === 'symbol' ? path : path ? `${path}.${key}` : key;
    if ('value' in descriptor && typeof descriptor.value === 'function')
      descriptor.value = atPlace(`${pkg} ${at}`, descriptor.value);
    else if ('value' in descriptor && isPlain(descriptor.value))
      descriptor.value = placed(pkg, descriptor.value, at);
    Object.defineProperty(copy, key, descriptor);
  }
  return copy as T;
}
