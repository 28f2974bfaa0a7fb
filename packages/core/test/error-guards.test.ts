import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

const { isWxError, WxApiError, WxConfigError, WxCryptoError, WxError, WxHttpError, WxStoreError } = core;

const samples = {
  WxApiError: new WxApiError({
    errcode: 40001,
    errmsg: 'x',
    path: '/p',
    platform: 'wecom',
    explanation: undefined,
  }),
  WxHttpError: new WxHttpError('qyapi: HTTP 502', { path: '/p', status: 502, host: 'qyapi.weixin.qq.com' }),
  WxCryptoError: new WxCryptoError('bad signature', { errcode: -40001 }),
  WxConfigError: new WxConfigError('bad option'),
  WxStoreError: new WxStoreError('@wxkit/redis: set failed, nothing was changed'),
};

// Every error class core exports has its guard `is<Class>` exported beside it.
const guards = Object.fromEntries(
  Object.keys(samples).map((name) => [
    name,
    (core as unknown as Record<string, (e: unknown) => boolean>)[`is${name}`],
  ]),
) as Record<keyof typeof samples, (e: unknown) => boolean>;

describe('the error tree', () => {
  it('exports a guard for every error class, and a sample of each class is tested below', () => {
    const classes = Object.entries(core)
      .filter(
        ([name, value]) => typeof value === 'function' && /^Wx\w+Error$/.test(name) && name !== 'WxError',
      )
      .map(([name]) => name);
    expect(classes.sort()).toEqual(Object.keys(samples).sort());
    for (const guard of Object.values(guards)) expect(guard).toBeTypeOf('function');
  });

  it.each(Object.keys(guards) as (keyof typeof guards)[])(
    '%s is recognised by class and, from another copy of @wxkit/core, by name — and by no other guard',
    (name) => {
      const own = samples[name];
      const foreign = Object.assign(new Error('from a second copy'), { name });
      expect(own).toBeInstanceOf(WxError);
      for (const error of [own, foreign]) {
        expect(isWxError(error)).toBe(true);
        for (const [other, check] of Object.entries(guards)) expect(check(error)).toBe(other === name);
      }
      expect(guards[name]({ name })).toBe(false);
      expect(guards[name](new Error('other'))).toBe(false);
    },
  );

  it('names a platform or crypto code errcode, and keeps what the constructor was given', () => {
    expect(samples.WxCryptoError.errcode).toBe(-40001);
    expect(samples.WxApiError.errcode).toBe(40001);
    expect(samples.WxHttpError).toMatchObject({ path: '/p', status: 502, host: 'qyapi.weixin.qq.com' });
    expect(new WxHttpError('down', { path: '/p', cause: new Error('ECONNRESET') }).cause).toBeInstanceOf(
      Error,
    );
  });
});
