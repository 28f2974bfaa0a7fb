import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCappedText } from '../src/index.js';

/** A POST whose body arrives in the given chunks, without a Content-Length (a chunked upload). */
const chunked = (chunks: Uint8Array[]) =>
  new Request('http://x/', {
    method: 'POST',
    body: new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);

describe('readCappedText', () => {
  it('gives the whole text exactly when the streamed body fits the limit, whatever the chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 8 }),
        fc.nat(400),
        async (parts, limit) => {
          const encoder = new TextEncoder();
          const text = parts.join('');
          const size = encoder.encode(text).byteLength;
          // Chunk boundaries may split a character; the text must still come back whole.
          const bytes = encoder.encode(text);
          const cut = Math.floor(bytes.byteLength / 2);
          const read = await readCappedText(chunked([bytes.subarray(0, cut), bytes.subarray(cut)]), limit);
          expect(read).toBe(size <= limit ? text : undefined);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a declared Content-Length over the limit before reading anything', async () => {
    let pulled = false;
    const request = new Request('http://x/', {
      method: 'POST',
      headers: { 'content-length': '1000000' },
      body: new ReadableStream(
        {
          pull() {
            pulled = true;
          },
        },
        { highWaterMark: 0 },
      ),
      duplex: 'half',
    } as RequestInit);
    expect(await readCappedText(request, 1024)).toBeUndefined();
    expect(pulled).toBe(false);
  });
});
