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
