import { describe, expect, it } from 'vitest';
import { buildXml, parseXml } from '../src/index.js';

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
