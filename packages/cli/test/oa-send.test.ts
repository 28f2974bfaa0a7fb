import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, loadSeed } from '@wxkit/emulator';
import { DEMO_OA, oaPush, oaSaveServer, startRecorder } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { capture } from './helpers.js';

const TEMPLATE = 'wxkitSurveyResult00000000000000000000000000';

describe('wxkit oa-send', () => {
  it('lists templates, sends a template message, a customer-service text within the window, and exits 1 outside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-cli-oa-send-'));
    const emu = await createEmulator({ port: 0 });
    const recorder = await startRecorder();
    try {
      const env = { OA_SECRET: DEMO_OA.appSecret, WXKIT_EMULATOR_HOST: emu.host };
      const config = join(dir, 'wxkit.config.yaml');
      await writeFile(
        config,
        `platform: oa\nappId: ${DEMO_OA.appId}\nsecret: \${OA_SECRET}\nhomeUrl: http://localhost:3000/\n`,
      );
      const base = ['oa-send', '--config', config, '--json'];

      const list = capture(env, dir);
      expect(await run([...base, '--list'], list.io)).toBe(0);
      expect(JSON.parse(list.text()).templates[0]).toMatchObject({ template_id: TEMPLATE });

      const sent = capture(env, dir);
      const data = [
        '--data',
        'thing1=满意度调查',
        '--data',
        'time2=2026年12月1日 10:00',
        '--data',
        'thing3=已发布',
      ];
      expect(await run([...base, '--to', 'o-xiaoming', '--template', TEMPLATE, ...data], sent.io)).toBe(0);
      expect(JSON.parse(sent.text())).toMatchObject({
        ok: true,
        kind: 'template',
        msgid: expect.any(Number),
      });
      // Past the thing limit: refused before any call, exit 2.
      const long = ['--data', `thing1=${'长'.repeat(21)}`, '--data', 'time2=x', '--data', 'thing3=x'];
      expect(
        await run([...base, '--to', 'o-xiaoming', '--template', TEMPLATE, ...long], capture(env, dir).io),
      ).toBe(2);

      const outside = capture(env, dir);
      expect(await run([...base, '--to', 'o-xiaohong', '--text', '您好'], outside.io)).toBe(1);
      expect(outside.text()).toMatch(/45015/);
      await oaSaveServer(emu.fetch, { url: recorder.url, token: 'CliOaToken' });
      await oaPush(emu.fetch, { type: 'text', openid: 'o-xiaohong', content: '你好' });
      expect(await run([...base, '--to', 'o-xiaohong', '--text', '您好'], capture(env, dir).io)).toBe(0);
    } finally {
      await recorder.close();
      await emu.close();
    }
  });

  it('wxkit init --platform oa seeds a template the emulator lists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-cli-oa-init-'));
    expect(await run(['init', '--platform', 'oa'], capture({}, dir).io)).toBe(0);
    const seed = loadSeed(await readFile(join(dir, 'wxkit.seed.yaml'), 'utf8'));
    expect(seed.officialAccounts[0]?.templates?.[0]).toMatchObject({
      template_id: TEMPLATE,
      content: expect.stringContaining('\n提交时间：{{time2.DATA}}'),
    });
  });
});
