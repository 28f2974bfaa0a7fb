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

/** The control API's one error body: `{ error: { code, message } }`. */
export const controlError = (c: Context, message: string, _code = 'bad_request', status = 400) =>
  c.json({ error: message }, status as 400);

/** Runs a control action: its answer as JSON, or a refusal as the one error body. */
export async function answer(c: Context, run: () => unknown | Promise<unknown>): Promise<Response> {
  try {
    return c.json((await run()) as object);
  } catch (error) {
    if (error instanceof Refusal) return controlError(c, error.message, error.code, error.status);
    throw error;
  }
}
