import { describe, expect, it } from 'vitest';
import { createWeCom } from '../src/index.js';
import { fakeWeCom, weComOptions } from './helpers/fake-platform.js';

describe('retries', () => {
  it('does not retry an error that is not transient', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform, { corpSecret: 'wrong' }));
    await expect(wecom.getAccessToken()).rejects.toThrow(/40001/);
    expect(platform.count('/cgi-bin/gettoken')).toBe(1);
  });

  it('gives up on a network failure after a bounded number of tries, with the path redacted', async () => {
    let calls = 0;
    const failing = (async () => {
      calls++;
      throw new Error('ECONNRESET');
    }) as unknown as typeof fetch;
    const wecom = createWeCom(weComOptions(fakeWeCom(), { fetch: failing, retry: { attempts: 3 } }));
    const error = await wecom.getAccessToken().catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'WxHttpError' });
    expect(String((error as Error).message)).not.toContain('secret-1');
    expect(calls).toBe(3);
  });
});

describe('an answer that is the same on every try', () => {
  it('does not retry an emulator "not emulated" 501 and keeps its errmsg in the error', async () => {
    let calls = 0;
    const notEmulated = (async () => {
      calls++;
      return new Response(
        JSON.stringify({ errcode: -10501, errmsg: 'not emulated: /cgi-bin/gettoken', not_emulated: true }),
        { status: 501, headers: { 'content-type': 'application/json' } },
      );
    }) as unknown as typeof fetch;
    const wecom = createWeCom(weComOptions(fakeWeCom(), { fetch: notEmulated }));
    const error = await wecom.getAccessToken().catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'WxHttpError', status: 501 });
    expect((error as Error).message).toContain('not emulated: /cgi-bin/gettoken');
    expect(calls).toBe(1);
  });

  it('still retries a 503 from the platform', async () => {
    let calls = 0;
    const busy = (async () => {
      calls++;
      return new Response('busy', { status: 503 });
    }) as unknown as typeof fetch;
    const wecom = createWeCom(
      weComOptions(fakeWeCom(), { fetch: busy, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } }),
    );
    await expect(wecom.getAccessToken()).rejects.toThrow(/HTTP 503/);
    expect(calls).toBe(3);
  });
});
