import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { WxConfigError, WxCryptoError } from '../errors/errors.js';
import { assertCallbackSignature, callbackSignature } from './sign.js';
import { buildXml } from './xml-build.js';

export interface CallbackCryptoOptions {
  /** The callback Token: letters and digits, at most 32. */
  token: string;
  /** 43 characters from the admin console. */
  encodingAESKey: string;
  /** CorpID for WeCom apps, AppID for Official Accounts, SuiteID for suites. */
  receiveId: string;
  /** 16 characters put before each plaintext; random by default (inject it to reproduce ciphertexts). */
  random?: () => string;
}

export interface CallbackCrypto {
  signature(timestamp: string, nonce: string, encrypt: string): string;
  verifyUrl(query: { msgSignature: string; timestamp: string; nonce: string; echostr: string }): string;
  decrypt(query: { msgSignature: string; timestamp: string; nonce: string; encrypt: string }): string;
  encrypt(
    plaintext: string,
    options: { timestamp: string; nonce: string },
  ): { encrypt: string; msgSignature: string };
  encryptReply(plaintext: string, options: { timestamp: string; nonce: string }): string;
}

const BLOCK = 32;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const randomPrefix = () => Array.from(randomBytes(16), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');

/** WXBizMsgCrypt: the platforms' callback encryption (AES-256-CBC, IV = key[0:16], PKCS#7 to 32 bytes). */
export function createCallbackCrypto(options: CallbackCryptoOptions): CallbackCrypto {
  const { token, encodingAESKey, receiveId } = options ?? ({} as CallbackCryptoOptions);
  if (typeof token !== 'string' || !/^[A-Za-z0-9]{1,32}$/.test(token)) {
    throw new WxConfigError(
      '@wxkit/core createCallbackCrypto: `token` must be 1-32 letters or digits (the callback Token)',
    );
  }
  if (typeof encodingAESKey !== 'string' || !/^[A-Za-z0-9]{43}$/.test(encodingAESKey)) {
    throw new WxCryptoError('EncodingAESKey must be exactly 43 letters or digits', { errcode: -40004 });
  }
  if (typeof receiveId !== 'string') {
    throw new WxConfigError(
      '@wxkit/core createCallbackCrypto: `receiveId` must be the CorpID, AppID or SuiteID (a string)',
    );
  }
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32)
    throw new WxCryptoError('EncodingAESKey does not decode to 32 bytes', { errcode: -40004 });
  const iv = key.subarray(0, 16);
  const random = options.random ?? randomPrefix;
  const receiveIdBytes = Buffer.from(receiveId, 'utf8');
  // CBC decryption as one reusable AES-ECB context plus the XOR with the previous block: the same result as
  // a fresh aes-256-cbc decipher per message, without building an OpenSSL context each time.
  const ecb = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const cbcDecrypt = (cipherText: Buffer): Buffer => {
    const plain = ecb.update(cipherText);
    if (plain.length !== cipherText.length)
      throw new WxCryptoError('AES decryption failed', { errcode: -40007 });
    for (let i = plain.length - 1; i >= 16; i--) plain[i] = (plain[i] ?? 0) ^ (cipherText[i - 16] ?? 0);
    for (let i = 0; i < 16; i++) plain[i] = (plain[i] ?? 0) ^ (iv[i] ?? 0);
    return plain;
  };

  const signature = (timestamp: string, nonce: string, encrypt: string) =>
    callbackSignature([token, String(timestamp), String(nonce), encrypt]);

  const assertSignature = (expected: string, timestamp: string, nonce: string, encrypt: string) =>
    assertCallbackSignature(expected, [token, timestamp, nonce, encrypt], 'msg_signature');

  const decryptPayload = (encrypt: string): string => {
    // Buffer.from skips characters that are not base64, so a decoded length short of what the text length
    // promises means the payload was not clean base64.
    const cipherText = Buffer.from(encrypt, 'base64');
    const padding = encrypt.endsWith('==') ? 2 : encrypt.endsWith('=') ? 1 : 0;
    if (encrypt.length % 4 !== 0 || cipherText.length !== (encrypt.length / 4) * 3 - padding) {
      throw new WxCryptoError('The payload is not base64 (was echostr URL-decoded exactly once?)', {
        errcode: -40010,
      });
    }
    if (cipherText.length === 0 || cipherText.length % BLOCK !== 0) {
      throw new WxCryptoError('The ciphertext length is not a multiple of 32 bytes', { errcode: -40007 });
    }
    const plain = cbcDecrypt(cipherText);
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK || pad > plain.length) {
      throw new WxCryptoError('Bad padding: wrong EncodingAESKey or altered ciphertext', { errcode: -40008 });
    }
    const body = plain.subarray(0, plain.length - pad);
    if (body.length < 20) throw new WxCryptoError('The decrypted buffer is too short', { errcode: -40008 });
    const length = body.readUInt32BE(16);
    if (20 + length > body.length) {
      throw new WxCryptoError('The message length points past the end of the buffer: wrong EncodingAESKey?', {
        errcode: -40008,
      });
    }
    const message = body.subarray(20, 20 + length).toString('utf8');
    const from = body.subarray(20 + length);
    if (!from.equals(receiveIdBytes)) {
      throw new WxCryptoError(
        `The message is for receive id "${from.toString('utf8')}", not "${receiveId}"`,
        { errcode: -40005 },
      );
    }
    return message;
  };

  const encryptPayload = (plaintext: string): string => {
    const prefix = Buffer.from(random(), 'utf8');
    if (prefix.length !== 16)
      throw new WxCryptoError('The random prefix must be 16 bytes', { errcode: -40006 });
    const message = Buffer.from(plaintext, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(message.length, 0);
    const body = Buffer.concat([prefix, length, message, Buffer.from(receiveId, 'utf8')]);
    const pad = BLOCK - (body.length % BLOCK);
    const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
    const padded = Buffer.concat([body, Buffer.alloc(pad, pad)]);
    return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
  };

  return {
    signature,
    verifyUrl({ msgSignature, timestamp, nonce, echostr }) {
      assertSignature(msgSignature, timestamp, nonce, echostr);
      return decryptPayload(echostr);
    },
    decrypt({ msgSignature, timestamp, nonce, encrypt }) {
      assertSignature(msgSignature, timestamp, nonce, encrypt);
      return decryptPayload(encrypt);
    },
    encrypt(plaintext, { timestamp, nonce }) {
      const encrypt = encryptPayload(plaintext);
      return { encrypt, msgSignature: signature(timestamp, nonce, encrypt) };
    },
    encryptReply(plaintext, { timestamp, nonce }) {
      const { encrypt, msgSignature } = this.encrypt(plaintext, { timestamp, nonce });
      return buildXml({
        Encrypt: encrypt,
        MsgSignature: msgSignature,
        TimeStamp: Number(timestamp),
        Nonce: nonce,
      });
    },
  };
}
