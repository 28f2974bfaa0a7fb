import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCallbackCrypto, isWxCryptoError } from '../src/index.js';

const options = {
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
};
const q = { timestamp: '1409659813', nonce: '1372623149' };

describe('callback crypto robustness', () => {
  it('answers a WxCryptoError, never a RangeError, for any correctly signed garbage', () => {
    const crypto = createCallbackCrypto(options);
    const codes = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const encrypt = randomBytes(32 * (1 + (i % 4))).toString('base64');
      const msgSignature = crypto.signature(q.timestamp, q.nonce, encrypt);
      try {
        crypto.decrypt({ msgSignature, encrypt, ...q });
        codes.add(0);
      } catch (error) {
        expect(isWxCryptoError(error), String(error)).toBe(true);
        codes.add((error as { errcode: number }).errcode);
      }
    }
    expect([...codes].every((c) => [-40008, -40005].includes(c))).toBe(true);
  });

  it('rejects a message encrypted with another key of the right length', () => {
    const other = createCallbackCrypto({
      ...options,
      encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    });
    const { encrypt, msgSignature } = other.encrypt('<xml><A>1</A></xml>', q);
    expect(() => createCallbackCrypto(options).decrypt({ msgSignature, encrypt, ...q })).toThrow(
      expect.objectContaining({ name: 'WxCryptoError' }),
    );
  });

  it('answers -40010 for a payload that is not base64 and -40007 for one not a multiple of 32 bytes', () => {
    const crypto = createCallbackCrypto(options);
    const bad = 'not base64!!';
    expect(() =>
      crypto.decrypt({ msgSignature: crypto.signature(q.timestamp, q.nonce, bad), encrypt: bad, ...q }),
    ).toThrow(expect.objectContaining({ errcode: -40010 }));
    const short = randomBytes(48).toString('base64');
    expect(() =>
      crypto.decrypt({ msgSignature: crypto.signature(q.timestamp, q.nonce, short), encrypt: short, ...q }),
    ).toThrow(expect.objectContaining({ errcode: -40007 }));
  });

  it('round-trips multi-byte text and keeps decrypting after a failure (no state left behind)', () => {
    const crypto = createCallbackCrypto(options);
    const text = '<xml><Content><![CDATA[问卷 ✓ 🎉]]></Content></xml>';
    const good = crypto.encrypt(text, q);
    const garbage = randomBytes(64).toString('base64');
    expect(() =>
      crypto.decrypt({
        msgSignature: crypto.signature(q.timestamp, q.nonce, garbage),
        encrypt: garbage,
        ...q,
      }),
    ).toThrow();
    expect(crypto.decrypt({ ...good, ...q })).toBe(text);
    expect(() => crypto.decrypt({ msgSignature: 'A'.repeat(40), encrypt: good.encrypt, ...q })).toThrow(
      expect.objectContaining({ errcode: -40001 }),
    );
  });
});
