import { describe, expect, expectTypeOf, it } from 'vitest';
import * as contract from '../src/contract/index.js';
import type {
  Explanation,
  Hosts,
  Logger,
  OaOAuthToken,
  OfficialAccountClient,
  Store,
  StoreLock,
  WeComClient,
  WeComIdentity,
} from '../src/index.js';
import * as core from '../src/index.js';
import * as rules from '../src/rules/index.js';

describe('the public surface other packages code against', () => {
  it('keeps the root to clients, errors, stores, crypto and the catalog: at most 70 values', () => {
    expect(Object.keys(core).length).toBeLessThanOrEqual(70);
    // Rules and the wire's facts have entries of their own; the root names none of their values.
    expect(Object.keys(rules).filter((n) => n in core)).toEqual([]);
    expect(Object.keys(contract).filter((n) => n in core)).toEqual([]);
  });

  it('exports every name of the contract', () => {
    const names = [
      'WxError',
      'WxApiError',
      'WxHttpError',
      'WxCryptoError',
      'WxConfigError',
      'isWxApiError',
      'isWxHttpError',
      'isWxCryptoError',
      'isWxConfigError',
      'explain',
      'listExplanations',
      'createMemoryStore',
      'createFileStore',
      'resolveHosts',
      'JSSDK_SCRIPT_PATH',
      'createWeCom',
      'createOfficialAccount',
      'jsapiSignature',
      'createCallbackCrypto',
      'parseXml',
      'buildXml',
      'diffMenu',
    ];
    expect(names.filter((n) => !(n in core))).toEqual([]);
    expect(rules.checkMenu).toBeTypeOf('function');
    expect(contract.parseEvent).toBeTypeOf('function');
    expect(core.JSSDK_SCRIPT_PATH).toBe('/open/js/jweixin-1.6.0.js');
  });

  it('has the contract types', () => {
    expectTypeOf<Store['lock']>().toEqualTypeOf<
      | ((key: string, options: { ttlMs: number; waitMs: number }) => Promise<StoreLock | undefined>)
      | undefined
    >();
    expectTypeOf<Hosts>().toEqualTypeOf<{
      qyapi: string;
      api: string;
      open: string;
      login: string;
      res: string;
      work: string;
    }>();
    expectTypeOf<Logger['warn']>().parameter(0).toBeString();
    expectTypeOf<Explanation['platform']>().toEqualTypeOf<'wecom' | 'oa' | 'both'>();
    expectTypeOf<WeComClient['oauth']['exchangeCode']>().returns.resolves.toEqualTypeOf<WeComIdentity>();
    expectTypeOf<WeComClient['jssdk']['agentConfig']>().returns.resolves.toHaveProperty('agentid');
    expectTypeOf<
      OfficialAccountClient['oauth']['exchangeCode']
    >().returns.resolves.toEqualTypeOf<OaOAuthToken>();
    expectTypeOf<WeComClient['platform']>().toEqualTypeOf<'wecom'>();
    expectTypeOf<OfficialAccountClient['platform']>().toEqualTypeOf<'oa'>();
  });

  it('matches errors by name, so copies of the package still recognise each other', () => {
    const foreign = Object.assign(new Error('x'), { name: 'WxApiError' });
    expect(core.isWxApiError(foreign)).toBe(true);
    expect(core.isWxConfigError(new core.WxConfigError('y'))).toBe(true);
    expect(core.isWxCryptoError(new core.WxConfigError('y'))).toBe(false);
  });
});

describe('options checked at once', () => {
  it('names a store or logger that lacks methods, and a tokenProvider that is not a function', () => {
    const base = { corpId: 'ww01', corpSecret: 's', agentId: 1000002, env: {} };
    expect(() => core.createWeCom({ ...base, store: { get() {} } as never })).toThrow(
      /`store` lacks set, delete/,
    );
    expect(() => core.createWeCom({ ...base, logger: console as never })).not.toThrow();
    expect(() => core.createWeCom({ ...base, logger: {} as never })).toThrow(/`logger` lacks debug/);
    expect(() =>
      core.createOfficialAccount({ appId: 'wx1', appSecret: 's', tokenProvider: 'x' as never }),
    ).toThrow(/tokenProvider/);
    expect(() => core.createOfficialAccount({ appId: 'wx1' } as never)).toThrow(/appSecret.*AppSecret/);
    expect(() => core.createWeCom({ ...base, agentId: '1000002' as never })).toThrow(/Number\(process\.env/);
  });
});
