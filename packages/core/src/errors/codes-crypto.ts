import type { CatalogRows } from './entry.js';

/** Callback crypto (WXBizMsgCrypt) codes, the same on both platforms. */
export const CRYPTO_CODES: CatalogRows = {
  [-40001]: {
    both: {
      meaning: 'Callback signature mismatch',
      causes: ['wrong Token', 'the body or query was altered (e.g. a proxy re-encoded it)'],
      fix: "Use the app's callback Token and the raw body",
    },
  },
  [-40002]: {
    both: {
      meaning: 'Callback XML could not be parsed',
      causes: ["not the platform's XML, or it carries a DOCTYPE/entities"],
      fix: 'Pass the raw body',
    },
  },
  [-40003]: {
    both: {
      meaning: 'Signature could not be computed',
      causes: ['missing timestamp, nonce or payload'],
      fix: 'Pass every query parameter',
    },
  },
  [-40004]: {
    both: {
      meaning: 'Invalid EncodingAESKey',
      causes: ['it must be 43 characters that decode to 32 bytes'],
      fix: 'Copy the EncodingAESKey again',
    },
  },
  [-40005]: {
    both: {
      meaning: 'Receive id mismatch',
      causes: ['the message is for another corp ID / AppID'],
      fix: 'Use the CorpID (WeCom) or AppID (OA) as the receive id',
    },
  },
  [-40006]: {
    both: { meaning: 'AES encryption failed', causes: ['an invalid key'], fix: 'Check the EncodingAESKey' },
  },
  [-40007]: {
    both: {
      meaning: 'AES decryption failed',
      causes: ['wrong EncodingAESKey', 'the ciphertext was altered'],
      fix: "Use the app's EncodingAESKey",
    },
  },
  [-40008]: {
    both: {
      meaning: 'Decrypted buffer is malformed',
      causes: ['wrong key or corrupted ciphertext (bad padding or length)'],
      fix: "Use the app's EncodingAESKey",
    },
  },
  [-40009]: { both: { meaning: 'Base64 encoding failed', causes: ['internal'], fix: 'Report a bug' } },
  [-40010]: {
    both: {
      meaning: 'Base64 decoding failed',
      causes: ['the Encrypt field or echostr is not base64 (URL decoding missing or applied twice)'],
      fix: 'URL-decode echostr exactly once',
    },
  },
  [-40011]: { both: { meaning: 'Building the reply XML failed', causes: ['internal'], fix: 'Report a bug' } },
};
