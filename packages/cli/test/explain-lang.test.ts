import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { capture } from './helpers.js';

describe('wxkit explain in the reader’s language', () => {
  it('explains 40029 in Chinese by default for a Chinese locale, with the platform’s own errmsg', async () => {
    const c = capture({ LANG: 'zh_CN.UTF-8' });
    expect(await run(['explain', '40029'], c.io)).toBe(0);
    expect(c.text()).toMatch(/40029（企业微信和公众号）：code 无效/);
    expect(c.text()).toMatch(/平台返回：invalid code/);
    expect(c.text()).toMatch(/解决：/);
  });

  it('reads LC_ALL before LANG, and --lang before both', async () => {
    const english = capture({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' });
    await run(['explain', '40029'], english.io);
    expect(english.text()).toMatch(/fix:/);
    const asked = capture({ LANG: 'en_US.UTF-8' });
    await run(['explain', '60020', '--lang', 'zh'], asked.io);
    expect(asked.text()).toMatch(/企业可信IP/);
  });

  it('answers every catalog code in Chinese for a Chinese locale (menus included); --json carries lang', async () => {
    const c = capture({ LANG: 'zh_CN.UTF-8' });
    expect(await run(['explain', '40015', '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.text())).toMatchObject({ errcode: 40015, lang: 'zh', meaning: '不合法的菜单类型' });
    const zh = capture({ LANG: 'zh_CN.UTF-8' });
    await run(['explain', '40001', '--platform', 'wecom', '--json'], zh.io);
    expect(JSON.parse(zh.text())).toMatchObject({ lang: 'zh', errmsg: 'invalid credential' });
  });

  it('exits 2 for a language it does not have', async () => {
    expect(await run(['explain', '40029', '--lang', 'fr'], capture().io)).toBe(2);
  });
});
