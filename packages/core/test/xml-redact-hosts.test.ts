import { describe, expect, it } from 'vitest';
import { buildXml, createWeCom, parseXml, redact, resolveHosts } from '../src/index.js';
import { fakeWeCom, weComOptions } from './helpers/fake-platform.js';

describe('parseXml and buildXml', () => {
  it('reads CDATA and plain fields of a flat message', () => {
    const xml =
      '<xml><ToUserName><![CDATA[ww01]]></ToUserName><AgentID>1000002</AgentID><Content><![CDATA[a<b & c]]></Content></xml>';
    expect(parseXml(xml)).toEqual({ ToUserName: 'ww01', AgentID: '1000002', Content: 'a<b & c' });
  });

  it('refuses DOCTYPE and entity declarations (no entity expansion)', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><A>&a;</A></xml>';
    expect(() => parseXml(bomb)).toThrow(expect.objectContaining({ errcode: -40002 }));
    expect(() => parseXml('<xml><!ENTITY a "b"><A>&a;</A></xml>')).toThrow(/DOCTYPE or ENTITY/);
    expect(() => parseXml('<root><A>1</A></root>')).toThrow(/single <xml>/);
  });

  it('round-trips through buildXml, even text containing ]]>', () => {
    const fields = { MsgType: 'text', Content: 'x ]]> y', CreateTime: 1409659813 };
    expect(parseXml(buildXml(fields))['CreateTime']).toBe('1409659813');
    expect(buildXml(fields)).toContain('<CreateTime>1409659813</CreateTime>');
    expect(buildXml({ Content: 'plain' })).toBe('<xml><Content><![CDATA[plain]]></Content></xml>');
  });
});

describe('redact', () => {
  it('hides tokens, secrets and codes in URLs and JSON bodies', () => {
    const text = redact('/cgi-bin/gettoken?corpid=ww01&corpsecret=S3CRET&code=C0DE {"access_token":"T0K"}');
    expect(text).not.toMatch(/S3CRET|C0DE|T0K/);
    expect(text).toContain('corpid=ww01');
  });
});

describe('hosts', () => {
  it('lets an explicit host win over WXKIT_EMULATOR_HOST', () => {
    const hosts = resolveHosts(
      { qyapi: 'https://proxy.example.com' },
      { WXKIT_EMULATOR_HOST: '127.0.0.1:4100' },
    );
    expect(hosts.qyapi).toBe('https://proxy.example.com');
    expect(hosts.open).toBe('http://127.0.0.1:4100');
  });

  it('refuses a malformed WXKIT_EMULATOR_HOST and a host with a path', () => {
    expect(() => resolveHosts({}, { WXKIT_EMULATOR_HOST: 'http://x:1/' })).toThrow(/host:port/);
    expect(() => resolveHosts({ api: 'https://a.com/x' }, {})).toThrow(/no path/);
  });
});

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
