import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_CARDS, TINY_JPEG } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { capture, project } from './helpers.js';

describe('wxkit send --card, --mpnews', () => {
  it('sends a card from a file or inline JSON (printing its response_code) and mpnews with an uploaded cover', async () => {
    const { dir, emu, env } = await project();
    try {
      const config = join(dir, 'wxkit.config.yaml');
      const base = ['send', '--config', config, '--to', 'zhangsan'];
      const cardFile = join(dir, 'card.json');
      await writeFile(cardFile, JSON.stringify(DEMO_CARDS.button_interaction('cli-1')));

      const fromFile = capture(env, dir);
      expect(await run([...base, '--json', '--card', cardFile], fromFile.io)).toBe(0);
      expect(JSON.parse(fromFile.text())).toMatchObject({ ok: true, response_code: expect.any(String) });
      const inline = capture(env, dir);
      expect(await run([...base, '--card', JSON.stringify(DEMO_CARDS.text_notice)], inline.io)).toBe(0);
      expect(inline.text()).toMatch(/✓ sent/);
      const human = capture(env, dir);
      expect(
        await run([...base, '--card', JSON.stringify(DEMO_CARDS.vote_interaction('cli-2'))], human.io),
      ).toBe(0);
      expect(human.text()).toMatch(/response_code emurc\S+ \(one update_template_card, 72 hours\)/);

      const cover = join(dir, 'cover.jpg');
      await writeFile(cover, TINY_JPEG);
      const article = { title: '周报', content: '<p>本周</p>', author: '张三' };
      expect(
        await run([...base, '--mpnews', JSON.stringify([article]), '--thumb', cover], capture(env, dir).io),
      ).toBe(0);

      const inbox = (await (await emu.fetch('/_emulator/inbox')).json()) as {
        messages: { body: Record<string, unknown> }[];
      };
      expect(inbox.messages.map((m) => m.body['msgtype'])).toEqual([
        'template_card',
        'template_card',
        'template_card',
        'mpnews',
      ]);
      const mpnews = inbox.messages[3]?.body['mpnews'] as
        | { articles: { thumb_media_id: string }[] }
        | undefined;
      const sentArticle = mpnews?.articles[0];
      expect(sentArticle?.thumb_media_id).toMatch(/^3emu/);
    } finally {
      await emu.close();
    }
  });

  it('exits 2 before any send for a card core refuses, bad JSON, an unreadable file, mpnews without a cover', async () => {
    const { dir, emu, env } = await project();
    try {
      const base = ['send', '--config', join(dir, 'wxkit.config.yaml'), '--to', 'zhangsan'];
      const { task_id: _drop, ...noTask } = DEMO_CARDS.button_interaction('x');
      const refused = capture(env, dir);
      expect(await run([...base, '--card', JSON.stringify(noTask)], refused.io)).toBe(2);
      expect(refused.err.join('\n')).toMatch(/template_card\.task_id is required.*42014/);
      expect(await run([...base, '--card', '{not json'], capture(env, dir).io)).toBe(2);
      expect(await run([...base, '--card', join(dir, 'missing.json')], capture(env, dir).io)).toBe(2);
      const noCover = JSON.stringify({ articles: [{ title: 't', content: 'c' }] });
      expect(await run([...base, '--mpnews', noCover], capture(env, dir).io)).toBe(2);
      const inbox = (await (await emu.fetch('/_emulator/inbox')).json()) as { messages: unknown[] };
      expect(inbox.messages).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});
