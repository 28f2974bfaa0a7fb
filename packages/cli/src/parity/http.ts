import { type Step, shapeOf } from './shape.js';

/** A 1×1 JPEG (the smallest the image decoders take) for the media round trip. */
export const PARITY_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

export interface Answer {
  step: Step;
  /** The parsed JSON body (never reported), for the next call of a scenario: a token, a media_id. */
  body: Record<string, unknown>;
}

/**
 * One platform call, timed, reported by shape. The query (secrets, tokens, codes) stays out of the report: only
 * the method and the path are kept.
 */
export async function call(
  fetchFn: typeof fetch,
  base: string,
  method: 'GET' | 'POST',
  path: string,
  query: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  const url = new URL(path, base);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const started = performance.now();
  const init: RequestInit = { method };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const response = await fetchFn(url, init);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const ms = Math.round(performance.now() - started);
  const type = response.headers.get('content-type') ?? '';
  let parsed: Record<string, unknown> = {};
  let isJson = false;
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      parsed = value as Record<string, unknown>;
      isJson = true;
    }
  } catch {
    // A file.
  }
  const disposition = response.headers.get('content-disposition');
  const { errmsg: _errmsg, ...kept } = parsed;
  const step = {
    call: `${method} ${path}`,
    status: response.status,
    errcode: typeof parsed['errcode'] === 'number' ? parsed['errcode'] : 0,
    // errmsg carries a hint/rid that changes per call: its presence is kept, not its text.
    shape: isJson
      ? shapeOf({ ...kept, ...('errmsg' in parsed ? { errmsg: '' } : {}) })
      : `file:${bytes.length > 0 ? 'bytes' : 'empty'}`,
    ...(isJson
      ? {}
      : {
          headers: {
            'content-type': type.split(';')[0] ?? '',
            filenames: (disposition?.match(/filename\*?=/g) ?? []).length,
          },
        }),
    ms,
  };
  return { step, body: parsed };
}
