import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { register } from '../src/commands/menu-validate.js';
import { run } from '../src/index.js';
import { capture } from './helpers.js';

async function file(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wxkit-menu-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const YAML_MENU = `button:
  - name: 问卷
    type: view
    url: https://survey.example.com/
  - name: 更多
    sub_button:
      - { name: 结果, type: click, key: results }
      - { name: 小程序, type: view_miniprogram, appid: wx1, pagepath: pages/index }
`;

describe('wxkit menu validate', () => {
  it('accepts a valid WeCom menu written in YAML', async () => {
    const c = capture();
    expect(
      await run(['menu', 'validate', await file('menu.yaml', YAML_MENU), '--platform', 'wecom'], c.io),
    ).toBe(0);
    expect(c.text()).toMatch(/valid WeCom menu/);
  });

  it('exits 1 listing every problem with its path for the other platform', async () => {
    const c = capture();
    expect(
      await run(['menu', 'validate', await file('menu.yaml', YAML_MENU), '--platform', 'oa'], c.io),
    ).toBe(1);
    expect(c.text()).toMatch(/button\[1\]\.sub_button\[1\]\.type: .*miniprogram/);
  });

  it('reports counts and byte lengths as JSON', async () => {
    const menu = { button: [1, 2, 3, 4].map((i) => ({ name: '一二三四五六', type: 'click', key: `k${i}` })) };
    const c = capture();
    const path = await file('menu.json', JSON.stringify(menu));
    expect(await run(['menu', 'validate', path, '--platform', 'wecom', '--json'], c.io)).toBe(1);
    const result = JSON.parse(c.out.join(''));
    expect(result.ok).toBe(false);
    const paths = result.problems.map((p: { path: string }) => p.path);
    expect(paths).toContain('button');
    expect(paths).toContain('button[0].name');
  });

  it('exits 2 for an unreadable file, bad JSON or an unknown platform', async () => {
    expect(await run(['menu', 'validate', '/nonexistent/menu.json', '--platform', 'oa'], capture().io)).toBe(
      2,
    );
    expect(await run(['menu', 'validate', await file('m.json', '{'), '--platform', 'oa'], capture().io)).toBe(
      2,
    );
    expect(
      await run(['menu', 'validate', await file('m.json', '{}'), '--platform', 'mp'], capture().io),
    ).toBe(2);
  });

  it('joins an existing menu group and registers validate only once', () => {
    const program = new Command('wxkit');
    const group = program.command('menu');
    group.command('push');
    register(program, capture().io);
    register(program, capture().io);
    expect(program.commands.filter((c) => c.name() === 'menu')).toHaveLength(1);
    expect(group.commands.map((c) => c.name()).sort()).toEqual(['push', 'validate']);
  });
});
