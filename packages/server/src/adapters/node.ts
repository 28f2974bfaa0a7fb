import type { IncomingMessage, ServerResponse } from 'node:http';

type Handle = (request: Request) => Promise<Response | undefined>;

const MAX_BODY = 1024 * 1024;

/** Builds a web Request from node's IncomingMessage, keeping the raw body bytes (callback signatures need them). */
export async function toRequest(req: IncomingMessage, base = 'http://localhost'): Promise<Request> {
  const host = req.headers.host ?? new URL(base).host;
  const protocol = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const url = new URL(req.url ?? '/', `${protocol}://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) break;
    chunks.push(chunk as Buffer);
  }
  return new Request(url, { method, headers, body: Buffer.concat(chunks) });
}

export async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

/**
 * A node:http listener: `http.createServer(toNodeListener(wx.handle, fallback))`. Requests the handler does not
 * own go to `fallback` (or get a 404).
 */
export function toNodeListener(
  handle: Handle,
  fallback?: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      try {
        const response = await handle(await toRequest(req));
        if (response) return await writeResponse(res, response);
        if (fallback) return fallback(req, res);
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { code: 'not_found', message: `${req.method} ${req.url} is not handled` },
          }),
        );
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'internal', message: 'Internal error' } }));
        console.error('[wxkit] node adapter:', error instanceof Error ? error.message : error);
      }
    })();
  };
}
