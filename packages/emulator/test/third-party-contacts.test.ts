import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../src/index.js';
import { CORP, SECRET } from './helpers.js';

const require = createRequire(import.meta.url);

// node-easywechat 3.x Work (a Node port of EasyWeChat 6): an axios client on the `http.baseURL` option.
interface EasyWork {
  getClient(): {
    request(
      method: string,
      url: string,
      payload?: Record<string, unknown>,
    ): Promise<{ toObject(): Record<string, unknown> }>;
  };
}
const easy = require('node-easywechat') as { Work: new (config: Record<string, unknown>) => EasyWork };

describe('a third-party SDK reads the directory from the emulator, unchanged', () => {
  it('node-easywechat (Work) lists members, pages user/list_id, reads tags and sends to a tag', async () => {
    const emulator = await createEmulator({ port: 0 });
    try {
      const client = new easy.Work({
        corp_id: CORP,
        secret: SECRET,
        agent_id: 1000002,
        http: { baseURL: `${emulator.url}/`, throw: false },
        file_cache: { path: mkdtempSync(join(tmpdir(), 'easywechat-')) },
      }).getClient();
      const simple = (
        await client.request('get', 'cgi-bin/user/simplelist', { params: { department_id: 2 } })
      ).toObject();
      expect(simple).toMatchObject({
        errcode: 0,
        userlist: expect.arrayContaining([expect.objectContaining({ userid: 'zhangsan' })]),
      });
      const ids = (await client.request('post', 'cgi-bin/user/list_id', { json: { limit: 100 } })).toObject();
      expect(ids).toMatchObject({ errcode: 0, next_cursor: '' });
      expect((ids['dept_user'] as unknown[]).length).toBe(13);
      expect((await client.request('get', 'cgi-bin/tag/list')).toObject()).toMatchObject({
        taglist: [{ tagid: 1 }, { tagid: 2 }],
      });
      expect(
        (await client.request('get', 'cgi-bin/tag/get', { params: { tagid: 1 } })).toObject(),
      ).toMatchObject({
        tagname: '技术委员会',
      });
      const sent = await client.request('post', 'cgi-bin/message/send', {
        json: { totag: '1', agentid: 1000002, msgtype: 'text', text: { content: '技术委员会开会' } },
      });
      expect(sent.toObject()).toMatchObject({ errcode: 0, invalidtag: '' });
    } finally {
      await emulator.close();
    }
  });
});
