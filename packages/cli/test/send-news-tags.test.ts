import { describe, expect, it } from 'vitest';
import { project } from './helpers.js';

const inbox = async (fetchFn: typeof fetch) =>
  (
    (await (await fetchFn('/_emulator/inbox')).json()) as {
      messages: { body: Record<string, unknown>; delivered: string[] }[];
    }
  ).messages;

describe('wxkit send --news, --tag', () => {
  it('sends news articles to a tag: the tag members the app can see get it, an unknown tag is reported', async () => {
    const p = await project();
    try {
      const articles = JSON.stringify([{ title: '问卷结果', url: 'https://survey.example/r/1' }]);
      const sent = await p.wxkit(['send', '--config', p.config, '--tag', '1,99', '--news', articles]);
      expect(sent.code).toBe(0);
      expect(sent.text).toMatch(/unknown tags: 99/);
      const [message] = await inbox(p.emu.fetch);
      expect(message?.body).toMatchObject({ msgtype: 'news', totag: '1|99' });
      expect(message?.delivered.sort()).toEqual(['zhangsan', 'zhouba']);
    } finally {
      await p.close();
    }
  });

  it('exits 2 before any send for a bad --tag, news that is not JSON, or news core refuses (9 articles)', async () => {
    const p = await project();
    try {
      const base = ['send', '--config', p.config];
      expect((await p.wxkit([...base, '--tag', 'x', '--text', 'hi'])).code).toBe(2);
      expect((await p.wxkit([...base, '--to', 'zhangsan', '--news', '{nope'])).code).toBe(2);
      const nine = JSON.stringify(
        Array.from({ length: 9 }, (_, i) => ({ title: `t${i}`, url: 'https://a.b/' })),
      );
      const refused = await p.wxkit([...base, '--to', 'zhangsan', '--news', nine]);
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/1 to 8 articles/);
      expect(await inbox(p.emu.fetch)).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
