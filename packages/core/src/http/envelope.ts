/** The platform's envelope fields, which every answer carries besides its data. */
export type Envelope = { errcode?: number; errmsg?: string };

/** An answer's data without `errcode`/`errmsg` (request.ts has already turned a non-zero errcode into an error). */
export function withoutEnvelope<T extends object>(answer: T & Envelope): T {
  const { errcode: _errcode, errmsg: _errmsg, ...data } = answer;
  return data as T;
}
