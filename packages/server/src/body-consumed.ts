/**
 * A body parser mounted before the kit (express.json(), NestJS's default, koa-bodyparser, body-parser-xml…) read a
 * request body and left no copy the route can use: a parsed object where the raw bytes are needed (a callback's
 * signature covers the exact body), or nothing at all. Thrown by the node adapter, answered by the router.
 */
export class BodyConsumedError extends Error {
  override readonly name = 'BodyConsumedError';
  constructor(readonly path: string) {
    super(
      `${path}: the request body was read by a body parser mounted before wxkit, and no raw copy was kept`,
    );
  }
}

export const isBodyConsumed = (error: unknown): error is BodyConsumedError =>
  error instanceof Error && error.name === 'BodyConsumedError';
