import type { IncomingMessage } from 'node:http';
import { BodyConsumedError } from '../body-consumed.js';

/** What a framework keeps of a body it read: its raw bytes or text, and what its parser made of them. */
export interface FrameworkBody {
  raw?: unknown;
  parsed?: unknown;
}

/** For frameworks that keep the body elsewhere than on `req` (Koa: ctx.request.body and rawBody). */
const kept = new WeakMap<IncomingMessage, FrameworkBody>();
export const keepFrameworkBody = (req: IncomingMessage, body: FrameworkBody) => void kept.set(req, body);

const asText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : undefined;

const capped = (text: string, limit: number) => (Buffer.byteLength(text) > limit ? undefined : text);

/** True when someone read the request stream before the kit (a body parser mounted first). */
export const streamConsumed = (req: IncomingMessage) => req.readableDidRead || req.readableEnded;

/**
 * The body of a request whose stream a framework already read: its raw copy (NestJS `rawBody: true`,
 * koa-bodyparser's rawBody, express.text()/raw()), else, for a JSON route, the object express.json() or
 * koa-bodyparser parsed (re-serialised: the route parses it again). Anything else cannot be recovered.
 */
export function consumedBodyText(
  req: IncomingMessage,
  path: string,
  limit: number,
  json: boolean,
): string | undefined {
  const own = req as IncomingMessage & { body?: unknown; rawBody?: unknown };
  const body = kept.get(req) ?? { raw: own.rawBody, parsed: own.body };
  const raw = asText(body.raw) ?? asText(body.parsed);
  if (raw !== undefined) return capped(raw, limit);
  if (json && body.parsed !== null && typeof body.parsed === 'object')
    return capped(JSON.stringify(body.parsed), limit);
  throw new BodyConsumedError(path);
}
