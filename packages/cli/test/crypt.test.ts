import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { CORP, KEYS, SAMPLE, VERIFY, verifyUrl } from './crypt-sample.js';
import { capture } from './helpers.js';

const ECHOSTR = SAMPLE.echostr;

describe('wxkit crypt', () => {
  it('verifies the sample URL and prints the plaintext echostr only', async () => {
    const c = capture();
    expect(await run(verifyUrl(), c.io)).toBe(0);
    expect(c.out).toEqual([SAMPLE.plain]);
  });

  it('accepts the echostr still URL-encoded, as it appears in an access log', async () => {
    const c = capture();
    expect(await run(verifyUrl({ echostr: encodeURIComponent(ECHOSTR) }), c.io)).toBe(0);
    expect(c.out).toEqual([SAMPLE.plain]);
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
    expect(await run(verifyUrl({ receiveId: 'ww-other' }), c.io)).toBe(1);
    expect(c.err.join('\n')).toMatch(/-40005 .*receive/i);
  });

  it('exits 1 with -40001 for a wrong token and -40004 for a bad key', async () => {
    const wrongToken = capture();
    expect(await run(verifyUrl({ token: 'Other' }), wrongToken.io)).toBe(1);
    expect(wrongToken.err.join('\n')).toContain('-40001');
    const badKey = capture();
    expect(await run(verifyUrl({ aesKey: 'short' }), badKey.io)).toBe(1);
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
    expect(await run(verifyUrl({ receiveId: 'ww-other' }), c.io)).toBe(1);
    expect(c.err.join('\n')).toMatch(/-40005 ReceiveId 不一致[\s\S]*解决：/);
  });
});
