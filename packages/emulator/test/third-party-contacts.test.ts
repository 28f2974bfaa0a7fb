import { DEMO_CONTACT_SYNC_SECRET } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../src/index.js';
import { easyWork } from './sdks.js';

describe('a third-party SDK reads the directory from the emulator, unchanged', () => {
  it('node-easywechat (Work) lists members, pages user/list_id, reads tags and sends to a tag', async () => {
    const emulator = await createEmulator({ port: 0 });
    try {
      const client = easyWork(emulator).getClient();
      const simple = (
        await client.request('get', 'cgi-bin/user/simplelist', { params: { department_id: 2 } })
      ).toObject();
      expect(simple).toMatchObject({
        errcode: 0,
        userlist: expect.arrayContaining([expect.objectContaining({ userid: 'zhangsan' })]),
      });
      // user/list_id takes only the contacts-sync secret (doc 96067): the app's own token is refused.
      const refused = (
        await client.request('post', 'cgi-bin/user/list_id', { json: { limit: 100 } })
      ).toObject();
      expect(refused).toMatchObject({ errcode: 48002 });
      const sync = easyWork(emulator, DEMO_CONTACT_SYNC_SECRET).getClient();
      const ids = (await sync.request('post', 'cgi-bin/user/list_id', { json: { limit: 100 } })).toObject();
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
