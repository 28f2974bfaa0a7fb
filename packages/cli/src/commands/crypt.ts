import { createCallbackCrypto, explain, isWxConfigError, isWxCryptoError } from '@wxkit/core';
import type { Command } from 'commander';
import { CliExit, type CliIO } from '../io.js';
import { langOf, say } from '../lang.js';

interface Options {
  token: string;
  aesKey: string;
  receiveId: string;
  timestamp: string;
  nonce: string;
  msgSignature?: string;
  echostr?: string;
  encrypt?: string;
  message?: string;
  random?: string;
  json?: boolean;
}

function need(value: string | undefined, flag: string): string {
  if (value === undefined) throw new CliExit(`wxkit crypt: ${flag} is required here`, 2);
  return value;
}

// echostr arrives URL-encoded in the query; accept it as pasted from a log too.
const urlDecoded = (value: string) => {
  try {
    return value.includes('%') ? decodeURIComponent(value) : value;
  } catch {
    return value;
  }
};

function run(io: CliIO, action: 'verify-url' | 'decrypt' | 'encrypt', o: Options): void {
  if (o.random !== undefined && Buffer.byteLength(o.random, 'utf8') !== 16)
    throw new CliExit(
      'wxkit crypt: --random must be exactly 16 characters (the sample uses c41b64491c2468d0)',
      2,
    );
  try {
    const crypto = createCallbackCrypto({
      token: o.token,
      encodingAESKey: o.aesKey,
      receiveId: o.receiveId,
      ...(o.random ? { random: () => o.random ?? '' } : {}),
    });
    if (action === 'encrypt') {
      const result = crypto.encrypt(need(o.message, '--message'), { timestamp: o.timestamp, nonce: o.nonce });
      if (o.json)
        io.out(
          JSON.stringify({ ok: true, action, encrypt: result.encrypt, msgSignature: result.msgSignature }),
        );
      else io.out(`Encrypt: ${result.encrypt}\nMsgSignature: ${result.msgSignature}`);
      return;
    }
    const query = {
      msgSignature: need(o.msgSignature, '--msg-signature'),
      timestamp: o.timestamp,
      nonce: o.nonce,
    };
    const plain =
      action === 'verify-url'
        ? crypto.verifyUrl({ ...query, echostr: urlDecoded(need(o.echostr, '--echostr')) })
        : crypto.decrypt({ ...query, encrypt: need(o.encrypt, '--encrypt') });
    io.out(o.json ? JSON.stringify({ ok: true, action, plaintext: plain }) : plain);
  } catch (error) {
    if (isWxConfigError(error)) throw new CliExit(`wxkit crypt: ${error.message}`, 2);
    if (isWxCryptoError(error)) {
      const lang = langOf(io, undefined);
      const e = explain(error.errcode, undefined, { lang });
      throw new CliExit(
        `wxkit crypt: ${error.errcode} ${e?.meaning ?? ''}: ${error.message}${e ? `\n  ${say(lang, 'fix: ', '解决：')}${e.fix}` : ''}`,
        1,
      );
    }
    throw error;
  }
}

export function register(program: Command, io: CliIO): void {
  const crypt = program
    .command('crypt')
    .description('callback crypto (WXBizMsgCrypt): verify a URL, decrypt, encrypt');
  for (const action of ['verify-url', 'decrypt', 'encrypt'] as const) {
    crypt
      .command(action)
      .description(
        action === 'verify-url'
          ? 'decrypt the echostr of a URL verification'
          : action === 'decrypt'
            ? 'decrypt an Encrypt payload'
            : 'encrypt a message',
      )
      .requiredOption('--token <token>', 'the callback Token')
      .requiredOption('--aes-key <key>', 'the 43-character EncodingAESKey')
      .requiredOption('--receive-id <id>', 'CorpID (WeCom) or AppID (Official Account)')
      .requiredOption('--timestamp <ts>', 'timestamp query parameter')
      .requiredOption('--nonce <nonce>', 'nonce query parameter')
      .option('--msg-signature <sig>', 'msg_signature query parameter')
      .option('--echostr <b64>', 'echostr (URL-decoded) for verify-url')
      .option('--encrypt <b64>', 'the Encrypt field for decrypt')
      .option('--message <text>', 'plaintext for encrypt')
      .option('--random <16chars>', 'fixed 16-character prefix, to reproduce a ciphertext')
      .option('--json', 'print { ok, action, plaintext } or { ok, action, encrypt, msgSignature } as JSON')
      .action((o: Options) => run(io, action, o));
  }
}
