import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createFileStore,
  createMemoryStore,
  createWeCom,
  diffMenu,
  explain,
  listExplanations,
  validateMenu,
} from '../src/index.js';
import { fakeWeCom, weComOptions } from './helpers/fake-platform.js';

describe('file store', () => {
  it('keeps values across a restart and expires them by the clock', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'wxkit-')), 'nested', 'tokens.json');
    let now = 1000;
    const first = createFileStore({ path, clock: () => now });
    await first.set('k', 'v', 5000);
    const second = createFileStore({ path, clock: () => now });
    expect(await second.get('k')).toBe('v');
    now += 5000;
    expect(await second.get('k')).toBeUndefined();
  });

  it('starts empty from a corrupt file and rewrites it whole', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'wxkit-')), 'tokens.json');
    await writeFile(path, '{"half":');
    const store = createFileStore({ path });
    expect(await store.get('half')).toBeUndefined();
    await store.set('a', '1', 60_000);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ a: { value: '1' } });
  });
});

describe('memory store lock', () => {
  it('lets one holder in at a time and hands over on release', async () => {
    const store = createMemoryStore();
    const first = await store.lock?.('L', { ttlMs: 10_000, waitMs: 0 });
    expect(first).toBeDefined();
    expect(await store.lock?.('L', { ttlMs: 10_000, waitMs: 0 })).toBeUndefined();
    const waiting = store.lock?.('L', { ttlMs: 10_000, waitMs: 2000 });
    await first?.release();
    expect(await waiting).toBeDefined();
  });
});

describe('validateMenu', () => {
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
    expect(validateMenu(menu, 'wecom')).toEqual([]);
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
    const problems = validateMenu(menu, 'wecom');
    expect(problems.map((p) => [p.path, p.errcode])).toEqual([
      ['button', 40016],
      ['button[0].name', 40018],
      ['button[0].url', 40054],
      ['button[1].type', 40017],
      ['button[2].type', 40017],
      ['button[2].sub_button', 40023],
    ]);
    expect(problems[3]?.message).toMatch(/view_miniprogram/);
  });

  it('allows 60-byte sub names on the Official Account but 40 on WeCom', () => {
    const menu = {
      button: [{ name: 'm', sub_button: [{ type: 'click', name: '问'.repeat(15), key: 'k' }] }],
    };
    expect(validateMenu(menu, 'oa')).toEqual([]);
    expect(validateMenu(menu, 'wecom')[0]).toMatchObject({
      path: 'button[0].sub_button[0].name',
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

describe('file store lock', () => {
  it('lets clients sharing one file store in a process fetch a token once', async () => {
    const store = createFileStore({ path: join(await mkdtemp(join(tmpdir(), 'wxkit-fs-')), 'tokens.json') });
    const platform = fakeWeCom();
    const clients = [1, 2, 3].map(() => createWeCom(weComOptions(platform, { store })));
    await Promise.all(clients.map((c) => c.getAccessToken()));
    expect(platform.count('/cgi-bin/gettoken')).toBe(1);
  });
});
