import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { capture } from './helpers.js';

// Tencent's official WeCom callback sample.
const KEYS = ['--token', 'QDG6eK', '--aes-key', 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C'];
const CORP = ['--receive-id', 'wx5823bf96d3bd56c7'];
const ECHOSTR = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
const VERIFY = [
  '--timestamp',
  '1409659589',
  '--nonce',
  '263014780',
  '--msg-signature',
  '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
];

describe('wxkit crypt', () => {
  it('verifies the sample URL and prints the plaintext echostr only', async () => {
    const c = capture();
    expect(await run(['crypt', 'verify-url', ...KEYS, ...CORP, ...VERIFY, '--echostr', ECHOSTR], c.io)).toBe(
      0,
    );
    expect(c.out).toEqual(['1616140317555161061']);
  });

  it('accepts the echostr still URL-encoded, as it appears in an access log', async () => {
    const c = capture();
    const args = [
      'crypt',
      'verify-url',
      ...KEYS,
      ...CORP,
      ...VERIFY,
      '--echostr',
      encodeURIComponent(ECHOSTR),
    ];
    expect(await run(args, c.io)).toBe(0);
    expect(c.out).toEqual(['1616140317555161061']);
  });

  it('reproduces the sample echostr with --random and prints encrypt and msgSignature in the --json shape of every command', async () => {
    const c = capture();
    const args = ['crypt', 'encrypt', ...KEYS, ...CORP, '--timestamp', '1409659589', '--nonce', '263014780'];
    expect(
      await run(
        [...args, '--message', '1616140317555161061', '--random', 'c41b64491c2468d0', '--json'],
        c.io,
      ),
    ).toBe(0);
    expect(JSON.parse(c.out.join(''))).toEqual({
      ok: true,
      action: 'encrypt',
      encrypt: ECHOSTR,
      msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    });
  });

  it('exits 1 with -40005 and its meaning for another receive id', async () => {
    const c = capture();
    const args = [
      'crypt',
      'verify-url',
      ...KEYS,
      '--receive-id',
      'ww-other',
      ...VERIFY,
      '--echostr',
      ECHOSTR,
    ];
    expect(await run(args, c.io)).toBe(1);
    expect(c.err.join('\n')).toMatch(/-40005 .*receive/i);
  });

  it('exits 1 with -40001 for a wrong token and -40004 for a bad key', async () => {
    const wrongToken = capture();
    const args = [
      '--aes-key',
      'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
      ...CORP,
      ...VERIFY,
      '--echostr',
      ECHOSTR,
    ];
    expect(await run(['crypt', 'verify-url', '--token', 'Other', ...args], wrongToken.io)).toBe(1);
    expect(wrongToken.err.join('\n')).toContain('-40001');
    const badKey = capture();
    const keyArgs = ['--token', 'QDG6eK', '--aes-key', 'short', ...CORP, ...VERIFY, '--echostr', ECHOSTR];
    expect(await run(['crypt', 'verify-url', ...keyArgs], badKey.io)).toBe(1);
    expect(badKey.err.join('\n')).toContain('-40004');
  });

  it('exits 2 for a --random that is not 16 characters or a missing payload', async () => {
    const c = capture();
    const args = ['crypt', 'encrypt', ...KEYS, ...CORP, '--timestamp', '1', '--nonce', '2', '--message', 'x'];
    expect(await run([...args, '--random', 'short'], c.io)).toBe(2);
    expect(await run(['crypt', 'decrypt', ...KEYS, ...CORP, ...VERIFY], capture().io)).toBe(2);
  });
});

describe('wxkit crypt in a Chinese locale', () => {
  it('explains a wrong receive id (-40005) in Chinese', async () => {
    const c = capture({ LANG: 'zh_CN.UTF-8' });
    const args = [
      'crypt',
      'verify-url',
      ...KEYS,
      '--receive-id',
      'ww-other',
      ...VERIFY,
      '--echostr',
      ECHOSTR,
    ];
    expect(await run(args, c.io)).toBe(1);
    expect(c.err.join('\n')).toMatch(/-40005 ReceiveId 不一致[\s\S]*解决：/);
  });
});
