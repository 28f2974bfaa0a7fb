import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Project, project } from './helpers.js';

// One menu file shape for reading and writing: what `menu pull` prints, `menu validate` and `menu push --file` read.
let p: Project;
beforeAll(async () => {
  p = await project('wecom');
  expect((await p.wxkit(['menu', 'push'])).code).toBe(0);
});
afterAll(() => p.close());

describe('the menu file', () => {
  it('pull > m.yaml && validate m.yaml passes (pull writes the { button } shape validate reads)', async () => {
    const pulled = await p.wxkit(['menu', 'pull']);
    expect(pulled.code).toBe(0);
    expect(pulled.text).toMatch(/^button:/);
    const file = join(p.dir, 'm.yaml');
    await writeFile(file, pulled.text);
    const validated = await p.wxkit(['menu', 'validate', file]);
    expect(validated.err).toBe('');
    expect(validated.code).toBe(0);
  });

  it('push --file takes the pulled file back (nothing to push)', async () => {
    const file = join(p.dir, 'pulled.yaml');
    await writeFile(file, (await p.wxkit(['menu', 'pull'])).text);
    const pushed = await p.wxkit(['menu', 'push', '--file', file, '--json']);
    expect(pushed.code).toBe(0);
    expect(JSON.parse(pushed.text)).toMatchObject({ ok: true, pushed: false });
  });

  it('reads a menu wrapped in `menu:` (the config section, an older pull) as the menu inside', async () => {
    const file = join(p.dir, 'wrapped.yaml');
    await writeFile(file, 'menu:\n  button:\n    - { type: click, name: 新的, key: NEW }\n');
    expect((await p.wxkit(['menu', 'validate', file])).code).toBe(0);
    const pushed = await p.wxkit(['menu', 'push', '--file', file, '--json']);
    expect(pushed.code).toBe(0);
    expect(JSON.parse(pushed.text)).toMatchObject({ pushed: true });
    expect((await p.wxkit(['menu', 'pull'])).text).toContain('NEW');
  });

  it('validate with no file checks the menu in the config', async () => {
    const r = await p.wxkit(['menu', 'validate']);
    expect(r.code).toBe(0);
    expect(r.text).toContain('wxkit.config.yaml is a valid WeCom menu');
  });

  it('validate with no file and no menu in the config exits 2 naming the section', async () => {
    await writeFile(join(p.dir, 'bare.yaml'), 'platform: wecom\n');
    const r = await p.wxkit(['menu', 'validate', '--config', join(p.dir, 'bare.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no menu in .*bare\.yaml/);
  });
});
