import { describe, expect, it } from 'vitest';
import { diffMenu, explain, listExplanations } from '../src/index.js';
import { checkMenu } from '../src/rules/index.js';

describe('checkMenu', () => {
  it('accepts a valid two-level WeCom menu', () => {
    const menu = {
      button: [
        { type: 'view', name: '填写问卷', url: 'https://app.example.com/' },
        {
          name: '更多',
          sub_button: [
            { type: 'click', name: '查看结果', key: 'RESULTS' },
            { type: 'view_miniprogram', name: '小程序', appid: 'wx1', pagepath: 'pages/index' },
          ],
        },
      ],
    };
    expect(checkMenu(menu, 'wecom')).toEqual([]);
  });

  it('lists every problem with its path and errcode', () => {
    const menu = {
      button: [
        { type: 'view', name: '这是一个非常长的菜单名字', url: 'ftp://x' },
        { type: 'miniprogram', name: 'mp', url: 'https://a.com', appid: 'wx1', pagepath: 'p' },
        {
          name: 'subs',
          type: 'click',
          sub_button: [1, 2, 3, 4, 5, 6].map((i) => ({ type: 'click', name: `s${i}`, key: `k${i}` })),
        },
        { type: 'click', name: 'fourth', key: 'k' },
      ],
    };
    const problems = checkMenu(menu, 'wecom');
    expect(problems.map((p) => [p.field, p.errcode])).toEqual([
      ['button', 40016],
      ['button[0].name', 40018],
      ['button[0].url', 40055],
      ['button[1].type', 40017],
      ['button[2].type', 40017],
      ['button[2].sub_button', 40023],
    ]);
    expect(problems[3]?.message).toMatch(/view_miniprogram/);
  });

  it("reports a sub button's URL without a scheme as 40054 and a top button's as 40055, as the platforms' tables do", () => {
    const menu = {
      button: [
        { type: 'view', name: 'a', url: 'example.com' },
        { name: 'm', sub_button: [{ type: 'view', name: 's', url: 'example.com/s' }] },
      ],
    };
    expect(checkMenu(menu, 'oa').map((p) => [p.field, p.errcode])).toEqual([
      ['button[0].url', 40055],
      ['button[1].sub_button[0].url', 40054],
    ]);
  });

  it('allows 60-byte sub names on the Official Account but 40 on WeCom', () => {
    const menu = {
      button: [{ name: 'm', sub_button: [{ type: 'click', name: '问'.repeat(15), key: 'k' }] }],
    };
    expect(checkMenu(menu, 'oa')).toEqual([]);
    expect(checkMenu(menu, 'wecom')[0]).toMatchObject({
      field: 'button[0].sub_button[0].name',
      errcode: 40025,
    });
  });
});

describe('diffMenu', () => {
  it('lists added, removed and changed buttons', () => {
    const remote = {
      button: [
        { type: 'click', name: 'A', key: 'a' },
        { type: 'view', name: 'B', url: 'https://b' },
      ],
    };
    const local = { button: [{ type: 'click', name: 'A2', key: 'a' }] };
    expect(diffMenu(local, remote)).toEqual([
      { kind: 'changed', path: 'button[0].name', local: 'A2', remote: 'A' },
      { kind: 'removed', path: 'button[1]', remote: remote.button[1] },
    ]);
    expect(diffMenu(local, undefined)).toEqual([
      { kind: 'added', path: 'button[0]', local: local.button[0] },
    ]);
  });
});

describe('error catalog', () => {
  it('explains each requested code, per platform where they differ', () => {
    for (const code of [
      -1, 40001, 40003, 40013, 40014, 40029, 40163, 41001, 41008, 42001, 42003, 45009, 45011, 48001, 50001,
      50002, 60011, 60020, 40125, 40164,
    ]) {
      expect(explain(code), `errcode ${code}`).toBeDefined();
    }
    expect(explain(40001, 'oa')?.causes.join(' ')).toMatch(/superseded/);
    expect(explain(40001, 'wecom')?.causes.join(' ')).toMatch(/secret/);
    expect(explain(40029)?.causes.join(' ')).toMatch(/wrong access_token/);
    expect(explain(123456)).toBeUndefined();
    expect(listExplanations().length).toBeGreaterThan(50);
  });
});
