import type { Context } from 'hono';

/**
 * The one refusal of the emulator's own API (control routes, the console's forms): the request cannot be done as
 * asked. `code` is a short stable word a script can test (`bad_request`, `not_found`, `conflict`, `too_many`,
 * `not_delivered`); the message names the field and the fix. Platform paths never throw it: they answer the
 * platform's envelope (`fail`).
 */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    message: string,
    readonly code = 'bad_request',
    readonly status: 400 | 404 | 409 | 429 | 502 = 400,
  ) {
    super(message);
  }
}

/** Throws a {@link Refusal} unless `ok`. */
export function need(ok: unknown, message: string, code?: string): asserts ok {
  if (!ok) throw new Refusal(message, code);
}

const CODES: Record<number, string> = {
  400: 'bad_request',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  429: 'too_many',
  502: 'not_delivered',
};

/** The control API's one error body: `{ error: { code, message } }` (code from the status unless given). */
export const controlError = (
  c: Context,
  message: string,
  status = 400,
  code = CODES[status] ?? 'bad_request',
) => c.json({ error: { code, message } }, status as 400);

/** Runs a control action: its answer as JSON, or a refusal as the one error body. */
export async function answer(c: Context, run: () => unknown | Promise<unknown>): Promise<Response> {
  try {
    return c.json((await run()) as object);
  } catch (error) {
    if (error instanceof Refusal) return refused(c, error);
    throw error;
  }
}

/**
 * A control action that failed on input it could not use: a {@link Refusal} as it is, any other error (an event
 * builder's check) as a 400 with its message.
 */
export function refused(c: Context, error: unknown): Response {
  if (error instanceof Refusal) return controlError(c, error.message, error.status, error.code);
  return controlError(c, (error as Error).message);
}
