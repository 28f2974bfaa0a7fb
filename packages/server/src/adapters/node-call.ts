import type { IncomingMessage } from 'node:http';
import type { BodyConsumedError } from '../body-consumed.js';
import { headerReader, type WxCall } from '../call.js';
import { consumedBodyText, streamConsumed } from './framework-body.js';

/**
 * A call straight from IncomingMessage: no web Request, the URL parsed and the body read only when a route asks
 * for them. Internal to the node adapter (the lazy Request in node-request.ts hands it to `handle`).
 */
export class NodeCall implements WxCall {
  readonly method: string;
  readonly path: string;
  readonly search: string;
  readonly remoteAddress: string | undefined;
  /** The one header rule of the kit (`call.ts`): repeated headers joined, cookies with `; `. */
  readonly header: (name: string) => string | undefined;
  bodyConsumed?: BodyConsumedError;
  #url: URL | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly raw: string,
    private readonly host: string,
  ) {
    this.method = req.method ?? 'GET';
    this.header = headerReader(req);
    const query = raw.indexOf('?');
    this.path = query === -1 ? raw : raw.slice(0, query);
    this.search = query === -1 ? '' : raw.slice(query);
    this.remoteAddress = req.socket?.remoteAddress;
  }

  get url(): URL {
    this.#url ??= new URL(this.raw, `${protocolOf(this.req)}://${this.host}`);
    return this.#url;
  }

  async text(limit: number, options: { json?: boolean } = {}): Promise<string | undefined> {
    // A body parser mounted before the kit (NestJS's default) read the stream: use what it kept.
    if (streamConsumed(this.req)) {
      try {
        return consumedBodyText(this.req, this.path, limit, options.json === true);
      } catch (error) {
        this.bodyConsumed = error as BodyConsumedError;
        throw error;
      }
    }
    if (Number(this.req.headers['content-length'] ?? 0) > limit) return undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.req) {
      size += (chunk as Buffer).length;
      if (size > limit) return undefined;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

export const protocolOf = (req: IncomingMessage) =>
  (req.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http';

export const pathOf = (url: string | undefined) => {
  const path = url ?? '/';
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
};
