import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator } from '@wxkit/emulator';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { capture } from './helpers.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0xff, 0xd9]);

describe('wxkit send --markdown, --image, --file', () => {
  it('uploads the file, sends it, and exits 2 for a file it cannot read or the platform would refuse', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-cli-send-'));
    const emu = await createEmulator({ port: 0 });
    try {
      const env = {
        WECOM_SECRET: 'survey-secret-0123456789abcdefghijklmnopqrs',
        WXKIT_EMULATOR_HOST: emu.host,
      };
      expect(await run(['init'], capture(env, dir).io)).toBe(0);
      const config = join(dir, 'wxkit.config.yaml');
      const photo = join(dir, '照片.jpg');
      await writeFile(photo, JPEG);
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
      expect(Buffer.from(await served.arrayBuffer()).equals(JPEG)).toBe(true);
      expect(served.headers.get('content-disposition')).toContain(encodeURIComponent('照片.jpg'));
    } finally {
      await emu.close();
    }
  });
});
