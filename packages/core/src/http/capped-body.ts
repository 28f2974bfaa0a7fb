/**
 * Reads a web Request's body as UTF-8 text, stopping as soon as it passes `limit` bytes: undefined then (the stream
 * is cancelled, nothing more is buffered). A declared Content-Length over the limit is refused before any read.
 * Shared by the server kit's routes and the emulator's control API, which both take bodies from browsers.
 */
export async function readCappedText(request: Request, limit: number): Promise<string | undefined> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) return undefined;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}
