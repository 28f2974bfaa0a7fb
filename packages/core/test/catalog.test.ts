import { describe, expect, it } from 'vitest';
import { CATALOG_PARTS } from '../src/errors/catalog.js';
import { explain, listExplanations } from '../src/index.js';
import { checkMenu } from '../src/rules/index.js';

const REQUIRED = [
  -1, 40001, 40003, 40013, 40014, 40029, 40163, 41001, 41008, 42001, 42003, 45009, 45011, 48001, 50001, 50002,
  60011, 60020, 40164, 40091, 40056, 40058, 40093, 46003, 60111, 80001, 81013, 82001, 85004, 85005, 301002,
  10003, 10005, 40077, 40078, 40079, 40080, 40082, 40083, 40084, 40085, 40086, 41021, 41022, 41023, 41025,
  42009, -40001, -40002, -40003, -40004, -40005, -40006, -40007, -40008, -40009, -40010, -40011,
];

describe('error catalog coverage', () => {
  it('explains every code the platforms and the seed make us meet', () => {
    const missing = REQUIRED.filter((c) => !explain(c, 'wecom') && !explain(c, 'oa'));
    expect(missing).toEqual([]);
  });

  it('gives each entry a meaning, at least one cause and a fix', () => {
    for (const e of listExplanations()) {
      expect(e.meaning.length, `${e.errcode}`).toBeGreaterThan(3);
      expect(e.causes.length, `${e.errcode}`).toBeGreaterThan(0);
      expect(e.fix.length, `${e.errcode}`).toBeGreaterThan(3);
    }
  });

  it('tells the platforms apart where the same code means different things', () => {
    expect(explain(50001, 'wecom')?.meaning).not.toBe(explain(50001, 'oa')?.meaning);
    expect(explain(50001, 'wecom')?.platform).toBe('wecom');
    expect(explain(60020, 'wecom')?.meaning).toMatch(/IP/);
    expect(explain(40164, 'oa')?.meaning).toMatch(/IP/);
  });

  it('explains the errcode of every problem the menu validator reports', () => {
    const menu = {
      button: [
        { name: '一二三四五六七', type: 'view', url: 'ftp://x' },
        { name: 'ok', type: 'click' },
        {
          name: 'm',
          type: 'click',
          sub_button: Array.from({ length: 6 }, () => ({ name: 'x', type: 'nope' })),
        },
        { name: 'four', type: 'view_miniprogram' },
      ],
    };
    for (const platform of ['wecom', 'oa'] as const)
      for (const p of checkMenu(menu, platform)) expect(explain(p.errcode, platform), p.field).toBeDefined();
  });

  it('gives each code one home: no two concept files explain the same code for the same platform', () => {
    const homes = new Map<string, string>();
    const clashes: string[] = [];
    for (const [part, rows] of Object.entries(CATALOG_PARTS))
      for (const [code, row] of Object.entries(rows))
        for (const platform of Object.keys(row)) {
          const key = `${code}/${platform}`;
          const home = homes.get(key);
          if (home) clashes.push(`${key} in ${home} and ${part}`);
          homes.set(key, part);
        }
    expect(clashes).toEqual([]);
    // A 'both' row and a platform row of the same code would make explain() depend on which is asked.
    for (const [key] of homes)
      if (key.endsWith('/both')) {
        const code = key.split('/')[0];
        expect([homes.has(`${code}/wecom`), homes.has(`${code}/oa`)], code).toEqual([false, false]);
      }
  });
});

describe('the catalog in Chinese', () => {
  it('translates only codes the English catalog has, platform by platform', async () => {
    const { CATALOG_ZH } = await import('../src/errors/catalog-zh.js');
    const english = listExplanations();
    for (const [code, row] of Object.entries(CATALOG_ZH))
      for (const platform of ['both', 'wecom', 'oa'] as const)
        if (row[platform])
          expect(english.some((e) => e.errcode === Number(code) && e.platform === platform)).toBe(true);
  });

  it('has every entry in both languages: each English row has its Chinese one, with as many causes', () => {
    const untranslated = listExplanations()
      .map((e) => ({
        e,
        zh: explain(e.errcode, e.platform === 'both' ? undefined : e.platform, { lang: 'zh' }),
      }))
      .filter(
        ({ e, zh }) =>
          zh?.lang !== 'zh' ||
          zh.causes.length !== e.causes.length ||
          !/\p{Script=Han}/u.test(zh.meaning + zh.fix),
      )
      .map(({ e }) => `${e.errcode}/${e.platform}`);
    expect(untranslated).toEqual([]);
  });

  it('answers in Chinese when asked, with the platform errmsg, and names no language when none was asked', () => {
    expect(explain(40029, 'wecom', { lang: 'zh' })).toMatchObject({
      lang: 'zh',
      meaning: 'code 无效',
      errmsg: 'invalid code',
    });
    expect(explain(40015, undefined, { lang: 'zh' })).toMatchObject({
      lang: 'zh',
      meaning: '不合法的菜单类型',
    });
    expect(explain(40029)?.lang).toBeUndefined();
  });
});
