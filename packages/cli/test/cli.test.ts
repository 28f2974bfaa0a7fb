import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator } from '@wxkit/emulator';
import { DEMO_WECOM } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { capture } from './helpers.js';

describe('wxkit qr, init, auth-url, doctor, menu, workbench and send', () => {
  it('writes an SVG QR code', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-cli-'));
    const svg = join(dir, 'entry.svg');
    expect(await run(['qr', 'http://localhost:3000/', '--svg', svg], capture().io)).toBe(0);
    expect(await readFile(svg, 'utf8')).toMatch(/^<svg/);
  });

  it('initialises a config, builds a checked authorize link, and diagnoses the app against the emulator', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-cli-'));
    const emu = await createEmulator({ port: 0 });
    try {
      const env = {
        WECOM_SECRET: DEMO_WECOM.corpSecret,
        WXKIT_EMULATOR_HOST: emu.host,
      };
      expect(await run(['init'], capture(env, dir).io)).toBe(0);
      expect(await run(['init'], capture(env, dir).io)).toBe(1);
      const config = join(dir, 'wxkit.config.yaml');
      const url = capture(env, dir);
      expect(await run(['auth-url', '--config', config], url.io)).toBe(0);
      expect(url.text()).toMatch(
        new RegExp(`^http://${emu.host}/connect/oauth2/authorize\\?appid=ww0123456789abcdef&redirect_uri=`),
      );
      const bad = capture(env, dir);
      expect(
        await run(['auth-url', '--config', config, '--redirect-uri', 'http://evil.example/cb'], bad.io),
      ).toBe(1);
      expect(bad.err.join()).toContain('50001');
      const doctor = capture(env, dir);
      expect(await run(['doctor', '--config', config, '--json'], doctor.io)).toBe(0);
      expect(JSON.parse(doctor.text())).toMatchObject({ ok: true });
      const diff = capture(env, dir);
      expect(await run(['menu', 'diff', '--config', config], diff.io)).toBe(0);
      expect(diff.text()).toContain('~ button[1].type: "view" → "click"');
      expect(await run(['menu', 'push', '--config', config], capture(env, dir).io)).toBe(0);
      const again = capture(env, dir);
      await run(['menu', 'diff', '--config', config], again.io);
      expect(again.text()).toBe('✓ the platform already has this menu');
      const pulled = capture(env, dir);
      await run(['menu', 'pull', '--config', config, '--json'], pulled.io);
      expect(JSON.parse(pulled.text())).toMatchObject({
        menu: { button: [{ name: '填写问卷' }, { name: '查看结果', key: 'RESULTS' }] },
      });
      const template = join(dir, 'template.yaml');
      await writeFile(
        template,
        'type: list\nlist:\n  items:\n    - { title: 本周问卷, jump_url: "http://localhost:3000/" }\n',
      );
      expect(
        await run(
          [
            'workbench',
            'set',
            '--config',
            config,
            '--home-url',
            'http://localhost:3000/home',
            '--template',
            template,
          ],
          capture(env, dir).io,
        ),
      ).toBe(0);
      const shown = capture(env, dir);
      await run(['workbench', 'show', '--config', config, '--json'], shown.io);
      expect(JSON.parse(shown.text())).toMatchObject({
        homeUrl: 'http://localhost:3000/home',
        template: { type: 'list' },
      });
      const sent = capture(env, dir);
      expect(
        await run(['send', '--config', config, '--to', 'zhangsan,ghost', '--text', '请填写问卷'], sent.io),
      ).toBe(0);
      expect(sent.text()).toMatch(/✓ sent \(msgid .+\); unknown or not visible: ghost/);
      expect(await run(['send', '--config', config, '--text', 'x'], capture(env, dir).io)).toBe(2);
      const wrong = capture({ ...env, WECOM_SECRET: 'wrong' }, dir);
      expect(await run(['doctor', '--config', config], wrong.io)).toBe(1);
      expect(wrong.text()).toMatch(
        /✗ credentials and IP allow-list: errcode 40001[\s\S]*fix: secret is not this app.s Secret/,
      );
    } finally {
      await emu.close();
    }
  });
});
