import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildXml,
  isWxCryptoError,
  parseXml,
  parseXmlTree,
  serializeXml,
  type XmlElement,
  xmlChild,
  xmlChildren,
} from '../src/index.js';

const text = (el: XmlElement | undefined, ...path: string[]) => {
  let at = el;
  for (const name of path) at = at && xmlChild(at, name);
  return at?.text;
};

describe('callback XML keeps its structure', () => {
  it('reads scancode_waitmsg ScanCodeInfo as a nested element', () => {
    const root = parseXmlTree(
      '<xml><ToUserName><![CDATA[ww01]]></ToUserName><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[scancode_waitmsg]]></Event><EventKey><![CDATA[scan1]]></EventKey><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[https://example.com/?a=1&b=2]]></ScanResult></ScanCodeInfo><AgentID>1</AgentID></xml>',
    );
    expect(text(root, 'ScanCodeInfo', 'ScanType')).toBe('qrcode');
    expect(text(root, 'ScanCodeInfo', 'ScanResult')).toBe('https://example.com/?a=1&b=2');
    expect(parseXml(serializeXml(root))['AgentID']).toBe('1');
  });

  it('keeps every item of SendPicsInfo/PicList, not only the first', () => {
    const xml = buildXml({
      MsgType: 'event',
      Event: 'pic_photo_or_album',
      SendPicsInfo: {
        Count: 3,
        PicList: { item: [{ PicMd5Sum: 'aa' }, { PicMd5Sum: 'bb' }, { PicMd5Sum: 'cc' }] },
      },
    });
    const list = xmlChild(xmlChild(parseXmlTree(xml), 'SendPicsInfo') as XmlElement, 'PicList');
    expect(xmlChildren(list as XmlElement, 'item').map((i) => text(i, 'PicMd5Sum'))).toEqual([
      'aa',
      'bb',
      'cc',
    ]);
  });

  it('reads SendLocationInfo with an empty self-closed Poiname', () => {
    const root = parseXmlTree(
      '<xml><Event>location_select</Event><SendLocationInfo><Location_X><![CDATA[23.1]]></Location_X><Location_Y>113.3</Location_Y><Scale>15</Scale><Label><![CDATA[广州市海珠区]]></Label><Poiname/></SendLocationInfo></xml>',
    );
    const info = xmlChild(root, 'SendLocationInfo') as XmlElement;
    expect(info.children.map((c) => [c.name, c.text])).toEqual([
      ['Location_X', '23.1'],
      ['Location_Y', '113.3'],
      ['Scale', '15'],
      ['Label', '广州市海珠区'],
      ['Poiname', ''],
    ]);
  });

  it('reads a template_card_event with lists inside lists (SelectedItems/OptionIds)', () => {
    const root = parseXmlTree(`<xml>
  <MsgType><![CDATA[event]]></MsgType>
  <Event><![CDATA[template_card_event]]></Event>
  <TaskId><![CDATA[task-1]]></TaskId>
  <CardType><![CDATA[multiple_interaction]]></CardType>
  <SelectedItems>
    <SelectedItem><QuestionKey><![CDATA[q1]]></QuestionKey><OptionIds><OptionId><![CDATA[a]]></OptionId><OptionId><![CDATA[b]]></OptionId></OptionIds></SelectedItem>
    <SelectedItem><QuestionKey><![CDATA[q2]]></QuestionKey><OptionIds><OptionId><![CDATA[c]]></OptionId></OptionIds></SelectedItem>
  </SelectedItems>
</xml>`);
    const picked = xmlChildren(xmlChild(root, 'SelectedItems') as XmlElement, 'SelectedItem').map((s) => [
      text(s, 'QuestionKey'),
      xmlChildren(xmlChild(s, 'OptionIds') as XmlElement, 'OptionId').map((o) => o.text),
    ]);
    expect(picked).toEqual([
      ['q1', ['a', 'b']],
      ['q2', ['c']],
    ]);
    expect(xmlChild(root, 'SelectedItems')?.text).toBe('');
  });

  it('reads a sys_approval_change with several SpRecord entries', () => {
    const root = parseXmlTree(
      '<xml><Event><![CDATA[sys_approval_change]]></Event><AgentID>3010040</AgentID><ApprovalInfo><SpNo>202401010001</SpNo><SpStatus>1</SpStatus><Applyer><UserId><![CDATA[lisi]]></UserId></Applyer><SpRecord><SpStatus>2</SpStatus><Details><Approver><UserId><![CDATA[wangwu]]></UserId></Approver><Speech><![CDATA[]]></Speech></Details></SpRecord><SpRecord><SpStatus>1</SpStatus><Details><Approver><UserId><![CDATA[zhaoliu]]></UserId></Approver></Details></SpRecord></ApprovalInfo></xml>',
    );
    const info = xmlChild(root, 'ApprovalInfo') as XmlElement;
    expect(text(info, 'SpNo')).toBe('202401010001');
    expect(xmlChildren(info, 'SpRecord').map((r) => text(r, 'Details', 'Approver', 'UserId'))).toEqual([
      'wangwu',
      'zhaoliu',
    ]);
  });

  it('gives back text holding ]]> exactly, split across CDATA sections as the builder writes it', () => {
    const tricky = 'a ]]> b ]]]]> c <![CDATA[ d ]]';
    const xml = buildXml({ Content: tricky });
    expect(xml).toContain(']]]]><![CDATA[>');
    expect(parseXml(xml)['Content']).toBe(tricky);
    expect(parseXml('<xml><A><![CDATA[x]]]]><![CDATA[>y]]></A></xml>')['A']).toBe('x]]>y');
  });

  it('treats constructor, __proto__ and hasOwnProperty as ordinary field names', () => {
    const fields = parseXml(
      '<xml><constructor>1</constructor><__proto__><![CDATA[2]]></__proto__><hasOwnProperty>3</hasOwnProperty><toString>4</toString></xml>',
    );
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect(Object.entries(fields)).toEqual([
      ['constructor', '1'],
      ['__proto__', '2'],
      ['hasOwnProperty', '3'],
      ['toString', '4'],
    ]);
    expect(fields['valueOf']).toBeUndefined();
  });

  it('decodes predefined and numeric entities in text, and nothing inside CDATA', () => {
    const fields = parseXml(
      '<xml><A>a&lt;b &amp;&#38; &#x4E2D;&quot;&apos;&gt;</A><B><![CDATA[&lt;]]></B></xml>',
    );
    expect(fields['A']).toBe('a<b && 中"\'>');
    expect(fields['B']).toBe('&lt;');
  });
});

describe('callback XML refuses what could hurt', () => {
  const refused = (xml: string, message: RegExp) =>
    expect(() => parseXmlTree(xml)).toThrow(
      expect.objectContaining({ errcode: -40002, message: expect.stringMatching(message) }),
    );

  it('refuses DOCTYPE and ENTITY declarations (XXE, billion laughs) anywhere', () => {
    refused('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><A>&a;</A></xml>', /DOCTYPE/);
    refused('<xml><!ENTITY a SYSTEM "file:///etc/passwd"><A>&a;</A></xml>', /DOCTYPE/);
    refused('<xml><A>&a;</A></xml>', /Unknown or malformed entity/);
    refused('<xml><A>&xxe</A></xml>', /entity/);
  });

  it('refuses names Object.prototype holds as entities (&toString; &__proto__; &constructor;)', () => {
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'])
      refused(`<xml><A>&${name};</A></xml>`, /Unknown or malformed entity/);
  });

  it('refuses a root other than <xml>, text or a second element after it, and unclosed elements', () => {
    refused('<root><A>1</A></root>', /single <xml>/);
    refused('<xml><A>1</A></xml><xml/>', /after the root/);
    refused('<xml><A>1</A>', /Unclosed element <xml>/);
    refused('<xml><A>1</B></xml>', /does not match/);
    refused('<xml><A x="1">1</A></xml>', /attributes/);
    refused('', /single <xml>/);
  });

  it('refuses nesting deeper than the limit and input longer than the limit', () => {
    refused(`<xml>${'<a>'.repeat(40)}${'</a>'.repeat(40)}</xml>`, /deeper than 16/);
    expect(() => parseXmlTree(`<xml><A>${'x'.repeat(200)}</A></xml>`, { maxLength: 100 })).toThrow(
      /longer than 100/,
    );
    expect(() => parseXmlTree(`<xml>${'<a/>'.repeat(50)}</xml>`, { maxElements: 20 })).toThrow(
      /More than 20/,
    );
  });
});

const name = fc.oneof(
  fc.constantFrom('constructor', '__proto__', 'hasOwnProperty', 'toString', 'item', 'xml'),
  fc.stringMatching(/^[A-Za-z_][\w.:-]{0,12}$/),
);
const value = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(']]>', ']]]]>', '<![CDATA[', '&amp;', ']]', ']]>]]>', ' '),
);
const tree: fc.Arbitrary<XmlElement> = fc.letrec<{ node: XmlElement }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ name, text: value, children: fc.constant([]) }),
    fc.record({
      name,
      text: fc.constant(''),
      children: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
    }),
  ),
})).node;

describe('callback XML properties', () => {
  it('parses back exactly what it serialised, for any names and values', () => {
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 6 }), (children) => {
        const root: XmlElement = { name: 'xml', text: '', children };
        expect(parseXmlTree(serializeXml(root))).toEqual(root);
      }),
      { numRuns: 400 },
    );
  });

  it('gives back every field buildXml wrote, for any names (constructor, __proto__ …) and values', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, fc.oneof(value, fc.integer())), { selector: ([n]) => n, maxLength: 8 }),
        (entries) => {
          const fields = Object.create(null) as Record<string, string | number>;
          for (const [n, v] of entries) fields[n] = v;
          expect(Object.entries(parseXml(buildXml(fields)))).toEqual(entries.map(([n, v]) => [n, String(v)]));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('throws nothing but a WxCryptoError on random and mutated input', () => {
    const seed = buildXml({ A: 'x]]>y', B: 1, C: { D: [{ E: 'f' }, { E: 'g' }] } });
    const mutated = fc
      .tuple(fc.nat(seed.length), fc.nat(8), fc.string({ unit: 'binary', maxLength: 12 }))
      .map(([at, cut, insert]) => seed.slice(0, at) + insert + seed.slice(at + cut));
    const pieces = fc
      .array(
        fc.constantFrom(
          '<xml>',
          '</xml>',
          '<a>',
          '</a>',
          '<![CDATA[',
          ']]>',
          '<!--',
          '-->',
          '&',
          '&lt;',
          '<!DOCTYPE',
          '<?',
          '/>',
          'x',
          ' ',
        ),
        { maxLength: 30 },
      )
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), mutated, pieces), (input) => {
        try {
          parseXmlTree(input);
        } catch (error) {
          expect(isWxCryptoError(error), String(error)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
