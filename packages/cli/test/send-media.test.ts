import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TINY_JPEG } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { capture, project } from './helpers.js';

describe('wxkit send --markdown, --image, --file', () => {
  it('uploads the file, sends it, and exits 2 for a file it cannot read or the platform would refuse', async () => {
    const { dir, emu, env } = await project();
    try {
      const config = join(dir, 'wxkit.config.yaml');
      const photo = join(dir, '照片.jpg');
      await writeFile(photo, TINY_JPEG);
      const tiny = join(dir, 'tiny.txt');
      await writeFile(tiny, 'abc');
      const base = ['send', '--config', config, '--to', 'zhangsan', '--json'];

      const image = capture(env, dir);
      expect(await run([...base, '--image', photo], image.io)).toBe(0);
      expect(JSON.parse(image.text())).toMatchObject({ ok: true, platform: 'wecom' });
      expect(await run([...base, '--markdown', '**问卷**'], capture(env, dir).io)).toBe(0);
      expect(await run([...base, '--file', join(dir, 'missing.pdf')], capture(env, dir).io)).toBe(2);
      expect(await run([...base, '--file', tiny], capture(env, dir).io)).toBe(2);

      const inbox = (await (await emu.fetch('/_emulator/inbox')).json()) as {
        messages: { body: Record<string, unknown> }[];
      };
      const types = inbox.messages.map((m) => m.body['msgtype']);
      expect(types).toEqual(['image', 'markdown']);
      const mediaId = (inbox.messages[0]?.body['image'] as { media_id: string } | undefined)?.media_id;
      const token = (await (
        await emu.fetch(`/cgi-bin/gettoken?corpid=ww0123456789abcdef&corpsecret=${env.WECOM_SECRET}`)
      ).json()) as { access_token: string };
      const served = await emu.fetch(
        `/cgi-bin/media/get?access_token=${token.access_token}&media_id=${mediaId}`,
      );
      expect(Buffer.from(await served.arrayBuffer()).equals(TINY_JPEG)).toBe(true);
      const disposition = served.headers.get('content-disposition') ?? '';
      expect(Buffer.from(disposition, 'latin1').toString('utf8')).toContain('照片.jpg');
    } finally {
      await emu.close();
    }
  });
});
