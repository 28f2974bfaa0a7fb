export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const noop = () => {};

/** Writes warnings and errors to the console with a `[wxkit]` prefix; debug and info are dropped. */
export const consoleLogger: Logger = {
  debug: noop,
  info: noop,
  warn: (message, fields) => console.warn(`[wxkit] ${message}`, ...(fields ? [fields] : [])),
  error: (message, fields) => console.error(`[wxkit] ${message}`, ...(fields ? [fields] : [])),
};

export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
