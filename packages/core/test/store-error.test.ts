import { describe, expect, it } from 'vitest';
import { isWxError, isWxHttpError, isWxStoreError, WxError, WxStoreError } from '../src/index.js';

describe('WxStoreError', () => {
  it('is a WxError recognised by class and, from another copy of @wxkit/core, by name', () => {
    const own = new WxStoreError('@wxkit/redis: set failed, nothing was changed');
    expect(own).toBeInstanceOf(WxError);
    expect(isWxError(own)).toBe(true);
    expect(isWxStoreError(own)).toBe(true);
    expect(isWxHttpError(own)).toBe(false);
    const foreign = Object.assign(new Error('from a second copy'), { name: 'WxStoreError' });
    expect(isWxStoreError(foreign)).toBe(true);
    expect(isWxStoreError(new Error('other'))).toBe(false);
    expect(isWxStoreError({ name: 'WxStoreError' })).toBe(false);
  });
});
