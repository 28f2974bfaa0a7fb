import { describe, expect, it } from 'vitest';
import {
  isWxApiError,
  isWxConfigError,
  isWxCryptoError,
  isWxError,
  isWxHttpError,
  isWxStoreError,
  WxApiError,
  WxConfigError,
  WxCryptoError,
  WxError,
  WxHttpError,
  WxStoreError,
} from '../src/index.js';

const guards = {
  WxApiError: isWxApiError,
  WxHttpError: isWxHttpError,
  WxCryptoError: isWxCryptoError,
  WxConfigError: isWxConfigError,
  WxStoreError: isWxStoreError,
} as const;

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

describe('the error tree', () => {
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
