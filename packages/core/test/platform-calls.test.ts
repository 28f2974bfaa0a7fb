import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HTTP_POLICY } from '../src/http/policy.js';
import { requestJson } from '../src/http/request.js';
import { createWeCom, isWxApiError, isWxConfigError, isWxHttpError, WxHttpError } from '../src/index.js';
import { fakeWeCom, weComOptions } from './helpers/fake-platform.js';

/** A test clock that only moves when the code under test sleeps (or an attempt "takes" time). */
function fakeTime(start = 1_700_000_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    pass: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

const send = { touser: ['zhangsan'], text: { content: 'hi' } };

describe('platform calls absorb transient faults', () => {
  it('retries -1, HTTP 500/502 and a dropped connection on a read until it succeeds', async () => {
    const platform = fakeWeCom();
    const dropping: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      if (url.pathname === '/cgi-bin/user/get' && platform.count('/cgi-bin/user/get') === 3) {
        platform.calls.push(url);
        throw new TypeError('fetch failed', { cause: new Error('other side closed') });
      }
      return platform.fetch(input, init);
    };
    const wecom = createWeCom(weComOptions(platform, { fetch: dropping }));
    platform.queue(
      '/cgi-bin/user/get',
      { errcode: -1, errmsg: 'system busy' },
      { status: 500 },
      { status: 502 },
    );
    expect((await wecom.users.get('zhangsan')).name).toBe('张三');
    expect(platform.count('/cgi-bin/user/get')).toBe(5);
  });

  it('spreads retries with full jitter: each wait is random() × the exponential cap', async () => {
    const platform = fakeWeCom();
    const time = fakeTime();
    const wecom = createWeCom(
      weComOptions(platform, { ...time, random: () => 0.5, retry: { deadlineMs: 10_000, attempts: 6 } }),
    );
    await wecom.getAccessToken();
    platform.queue('/cgi-bin/user/get', ...Array.from({ length: 5 }, () => ({ status: 503 })));
    await wecom.users.get('zhangsan');
    // base 100, cap 1000: 0.5 × (100, 200, 400, 800, 1000)
    expect(time.sleeps).toEqual([50, 100, 200, 400, 500]);
  });

  it('stops retrying when the next attempt would start past the deadline and surfaces the last failure', async () => {
    const platform = fakeWeCom();
    const time = fakeTime();
    const wecom = createWeCom(
      weComOptions(platform, { ...time, random: () => 0.99, retry: { deadlineMs: 500 } }),
    );
    await wecom.getAccessToken();
    platform.queue('/cgi-bin/user/get', ...Array.from({ length: 10 }, () => ({ status: 502 })));
    const error = await wecom.users.get('zhangsan').catch((e: unknown) => e);
    expect(isWxHttpError(error) && error.status).toBe(502);
    // waits of 99 and 198 fit in 500 ms (less the 50 ms an attempt needs); 396 more would not
    expect(time.sleeps).toEqual([99, 198]);
    expect(platform.count('/cgi-bin/user/get')).toBe(3);
  });

  it('does not retry what retrying cannot fix (a bad argument, a rate limit, a non-JSON 200)', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform));
    await wecom.getAccessToken();
    platform.queue('/cgi-bin/user/get', { errcode: 45009, errmsg: 'api freq out of limit' });
    await expect(wecom.users.get('zhangsan')).rejects.toMatchObject({ errcode: 45009 });
    expect(platform.count('/cgi-bin/user/get')).toBe(1);
  });

  it('sends message/send at most once when a 502 or a dropped connection may have come after it was delivered', async () => {
    for (const failure of ['502', 'drop'] as const) {
      const platform = fakeWeCom();
      let sent = 0;
      const flaky: typeof fetch = async (input, init) => {
        const url = new URL(String(input));
        if (url.pathname !== '/cgi-bin/message/send') return platform.fetch(input, init);
        sent++;
        if (failure === 'drop') throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
        return new Response('bad gateway', { status: 502 });
      };
      const wecom = createWeCom(weComOptions(platform, { fetch: flaky }));
      await expect(wecom.messages.send(send)).rejects.toMatchObject({ name: 'WxHttpError' });
      expect(sent).toBe(1);
    }
  });

  it('retries message/send on -1, which the platform answers before doing anything', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform));
    platform.queue('/cgi-bin/message/send', { errcode: -1, errmsg: 'system busy' });
    await wecom.messages.send(send);
    expect(platform.count('/cgi-bin/message/send')).toBe(2);
  });

  it('aborts an attempt that never answers, through its AbortSignal, and retries it', async () => {
    const platform = fakeWeCom();
    const signals: AbortSignal[] = [];
    const hanging: typeof fetch = (input, init) => {
      const url = new URL(String(input));
      if (url.pathname === '/cgi-bin/gettoken' && signals.length === 0) {
        signals.push(init?.signal as AbortSignal);
        return new Promise(() => {});
      }
      return platform.fetch(input, init);
    };
    const wecom = createWeCom(weComOptions(platform, { fetch: hanging, timeoutMs: 20 }));
    expect(await wecom.getAccessToken()).toBe('TOKEN1');
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBeInstanceOf(WxHttpError);
  });

  it('times out an answer whose body never finishes', async () => {
    const stalledBody: typeof fetch = async () =>
      new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"errcode":')) }), {
        status: 200,
      });
    const wecom = createWeCom(
      weComOptions(fakeWeCom(), { fetch: stalledBody, timeoutMs: 20, retry: { attempts: 1 } }),
    );
    const error = await wecom.getAccessToken().catch((e: unknown) => e);
    expect(isWxHttpError(error) && error.message).toMatch(/timed out/);
  });
});

describe('platform errors name the host and keep secrets out', () => {
  it('names qyapi.weixin.qq.com in an errcode error and an HTTP error, with the secret redacted', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform, { corpSecret: 'wrong-secret-value' }));
    const api = await wecom.getAccessToken().catch((e: unknown) => e);
    expect(isWxApiError(api) && api.message).toMatch(
      /^qyapi\.weixin\.qq\.com\/cgi-bin\/gettoken\?.*corpsecret=\*\*\*/,
    );
    expect(isWxApiError(api) && api.host).toBe('qyapi.weixin.qq.com');
    expect(String((api as Error).message)).not.toContain('wrong-secret-value');

    const good = createWeCom(weComOptions(platform, { retry: { attempts: 1 } }));
    platform.queue('/cgi-bin/gettoken', { status: 502 });
    const http = await good.getAccessToken().catch((e: unknown) => e);
    expect(isWxHttpError(http) && http.message).toMatch(
      /^qyapi\.weixin\.qq\.com\/cgi-bin\/gettoken\?.*: HTTP 502$/,
    );
    expect(String((http as Error).message)).not.toContain('secret-1');
  });

  it('redacts a secret that a network error message echoes back', async () => {
    const leaky: typeof fetch = async (input) => {
      throw new TypeError(`connect failed for ${String(input)}`);
    };
    const wecom = createWeCom(weComOptions(fakeWeCom(), { fetch: leaky, retry: { attempts: 1 } }));
    const error = await wecom.getAccessToken().catch((e: unknown) => e);
    expect(isWxHttpError(error) && error.host).toBe('qyapi.weixin.qq.com');
    expect(String((error as Error).message)).not.toContain('secret-1');
  });
});

describe('timeout and retry options are checked when the client is made', () => {
  it.each([
    [{ timeoutMs: 0 }, /timeoutMs/],
    [{ timeoutMs: Number.NaN }, /timeoutMs/],
    [{ retry: { deadlineMs: -1 } }, /retry\.deadlineMs/],
    [{ retry: { attempts: 1.5 } }, /retry\.attempts/],
    [{ retry: { baseDelayMs: 500, maxDelayMs: 100 } }, /maxDelayMs/],
    [{ retry: 3 }, /retry/],
    [{ random: 0.5 }, /random/],
  ])('refuses %j', (extra, message) => {
    let error: unknown;
    try {
      createWeCom(weComOptions(fakeWeCom(), extra as Record<string, unknown>));
    } catch (e) {
      error = e;
    }
    expect(isWxConfigError(error) && error.message).toMatch(message);
  });
});

type Answer = 'ok' | 'busy' | '500' | '502' | 'drop' | 'hang' | '40029';

describe('the retry rule under any sequence of failures (property)', () => {
  const answers = fc.array(fc.constantFrom<Answer>('ok', 'busy', '500', '502', 'drop', 'hang', '40029'), {
    minLength: 1,
    maxLength: 12,
  });
  const policies = fc.record({
    timeoutMs: fc.integer({ min: 1, max: 3000 }),
    deadlineMs: fc.integer({ min: 1, max: 5000 }),
    attempts: fc.integer({ min: 1, max: 8 }),
    baseDelayMs: fc.integer({ min: 1, max: 400 }),
    maxDelayMs: fc.integer({ min: 400, max: 2000 }),
  });

  it('never starts an attempt past the deadline, never repeats a non-repeatable call after an ambiguous failure, and ends with the first non-transient answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        answers,
        policies,
        fc.boolean(),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        async (script, policy, repeatable, r) => {
          const time = fakeTime();
          const start = time.clock();
          const starts: number[] = [];
          let i = 0;
          const fetchFn = (async () => {
            starts.push(time.clock());
            const answer = script[Math.min(i++, script.length - 1)] as Answer;
            // Each attempt costs time on the test clock: a "hang" uses its whole timeout.
            if (answer === 'hang') {
              time.pass(
                starts.length === 1
                  ? policy.timeoutMs
                  : Math.min(policy.timeoutMs, start + policy.deadlineMs - time.clock()),
              );
              throw new WxHttpError('x: timed out', { path: '/x', host: 'h' });
            }
            time.pass(7);
            if (answer === 'drop') throw new TypeError('fetch failed');
            if (answer === '500' || answer === '502') return new Response('', { status: Number(answer) });
            const body =
              answer === 'ok' ? { errcode: 0 } : { errcode: answer === 'busy' ? -1 : 40029, errmsg: 'x' };
            return new Response(JSON.stringify(body));
          }) as typeof fetch;
          const outcome = await requestJson({
            fetch: fetchFn,
            platform: 'wecom',
            method: 'GET',
            url: new URL('https://qyapi.weixin.qq.com/x'),
            policy: { ...DEFAULT_HTTP_POLICY, ...policy },
            repeatable,
            clock: time.clock,
            sleep: time.sleep,
            random: () => r,
          }).then(
            () => 'ok' as const,
            (e: unknown) => e,
          );
          expect(starts.length).toBeLessThanOrEqual(policy.attempts);
          for (const at of starts.slice(1)) expect(at).toBeLessThan(start + policy.deadlineMs);
          const used = starts.map((_, n) => script[Math.min(n, script.length - 1)]);
          // Every attempt but the last failed transiently for this kind of call.
          for (const a of used.slice(0, -1)) {
            expect(a).not.toBe('ok');
            expect(a).not.toBe('40029');
            if (!repeatable) expect(a).toBe('busy');
          }
          const last = used[used.length - 1];
          if (last === 'ok') expect(outcome).toBe('ok');
          else expect(outcome).toBeInstanceOf(Error);
        },
      ),
      { numRuns: 300 },
    );
  });
});
