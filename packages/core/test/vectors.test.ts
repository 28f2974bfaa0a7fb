import { describe, expect, it } from 'vitest';
import { createCallbackCrypto, isWxCryptoError, jsapiSignature, parseXml } from '../src/index.js';

const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';

describe('jsapiSignature', () => {
  it('passes the official vector', () => {
    const { signature, string1 } = jsapiSignature({
      ticket: TICKET,
      nonceStr: 'Wm3WZYTPz0wzccnW',
      timestamp: 1414587457,
      url: 'http://mp.weixin.qq.com?params=value',
    });
    expect(signature).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
    expect(string1).toBe(
      `jsapi_ticket=${TICKET}&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=http://mp.weixin.qq.com?params=value`,
    );
  });

  it('passes the older doc vector without a query', () => {
    const input = {
      ticket: TICKET,
      nonceStr: 'Wm3WZYTPz0wzccnW',
      timestamp: '1414587457',
      url: 'http://mp.weixin.qq.com',
    };
    expect(jsapiSignature(input).signature).toBe('f4d90daf4b3bca3078ab155816175ba34c443a7b');
  });

  it('signs the URL without its # part', () => {
    const base = { ticket: TICKET, nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457 };
    expect(
      jsapiSignature({ ...base, url: 'http://mp.weixin.qq.com?params=value#/route?x=1' }).signature,
    ).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('refuses a timestamp in milliseconds with a hint', () => {
    expect(() =>
      jsapiSignature({ ticket: TICKET, nonceStr: 'n', timestamp: 1414587457000000, url: 'http://a' }),
    ).toThrow(/whole seconds/);
  });
});

const SAMPLE = {
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
};
const ECHOSTR = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
const ENCRYPT =
  'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
const PLAIN = `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>
<FromUserName><![CDATA[mycreate]]></FromUserName>
<CreateTime>1409659813</CreateTime>
<MsgType><![CDATA[text]]></MsgType>
<Content><![CDATA[hello]]></Content>
<MsgId>4561255354251345929</MsgId>
<AgentID>218</AgentID>
</xml>`;

describe('callback crypto against the Tencent sample', () => {
  it('verifies the sample URL and returns the echostr plaintext', () => {
    const crypto = createCallbackCrypto(SAMPLE);
    const echo = crypto.verifyUrl({
      msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
      timestamp: '1409659589',
      nonce: '263014780',
      echostr: decodeURIComponent(
        'P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D',
      ),
    });
    expect(echo).toBe('1616140317555161061');
  });

  it('decrypts the sample message', () => {
    const plain = createCallbackCrypto(SAMPLE).decrypt({
      msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
      timestamp: '1409659813',
      nonce: '1372623149',
      encrypt: ENCRYPT,
    });
    expect(plain).toBe(PLAIN);
    expect(parseXml(plain)).toMatchObject({ MsgType: 'text', Content: 'hello', AgentID: '218' });
  });

  it('reproduces the sample ciphertexts exactly with their random prefixes', () => {
    const echo = createCallbackCrypto({ ...SAMPLE, random: () => 'c41b64491c2468d0' }).encrypt(
      '1616140317555161061',
      {
        timestamp: '1409659589',
        nonce: '263014780',
      },
    );
    expect(echo).toEqual({ encrypt: ECHOSTR, msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3' });
    const message = createCallbackCrypto({ ...SAMPLE, random: () => '0960688932c47ef1' }).encrypt(PLAIN, {
      timestamp: '1409659813',
      nonce: '1372623149',
    });
    expect(message).toEqual({ encrypt: ENCRYPT, msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6' });
  });

  it('answers -40001 for a forged signature and -40005 for another receive id', () => {
    const query = {
      msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
      timestamp: '1409659813',
      nonce: '1372623149',
      encrypt: ENCRYPT,
    };
    const forged = () => createCallbackCrypto(SAMPLE).decrypt({ ...query, nonce: '1' });
    expect(forged).toThrow(expect.objectContaining({ errcode: -40001 }));
    const other = () => createCallbackCrypto({ ...SAMPLE, receiveId: 'ww-other' }).decrypt(query);
    expect(other).toThrow(expect.objectContaining({ errcode: -40005 }));
  });

  it('answers -40004 for a key that is not 43 characters', () => {
    try {
      createCallbackCrypto({ ...SAMPLE, encodingAESKey: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(isWxCryptoError(error) && error.errcode).toBe(-40004);
    }
  });

  it('never reads past the buffer when the length field lies', () => {
    const crypto = createCallbackCrypto({ ...SAMPLE, random: () => 'AAAAAAAAAAAAAAAA' });
    const { encrypt } = crypto.encrypt('x', { timestamp: '1', nonce: '1' });
    const raw = Buffer.from(encrypt, 'base64');
    // In CBC, flipping a byte of cipher block 0 flips the same byte of plain block 1: the length field.
    raw[0] = (raw[0] ?? 0) ^ 0xff;
    const tampered = raw.toString('base64');
    const sig = crypto.signature('1', '1', tampered);
    expect(() =>
      crypto.decrypt({ msgSignature: sig, timestamp: '1', nonce: '1', encrypt: tampered }),
    ).toThrow(expect.objectContaining({ name: 'WxCryptoError' }));
  });
});
