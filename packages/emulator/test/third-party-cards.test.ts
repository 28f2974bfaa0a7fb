import { DEMO_CARDS } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../src/index.js';
import { easyWork } from './sdks.js';

describe('node-easywechat (Work) sends rich messages to the emulator, unchanged', () => {
  it('sends markdown and a button template card, then updates the card with the response_code', async () => {
    const emulator = await createEmulator({ port: 0 });
    try {
      const app = easyWork(emulator);
      const client = app.getClient();
      const markdown = await client.request('post', 'cgi-bin/message/send', {
        json: {
          touser: 'zhangsan',
          agentid: 1000002,
          msgtype: 'markdown',
          markdown: { content: '**问卷** 已发布' },
        },
      });
      expect(markdown.toObject()).toMatchObject({ errcode: 0 });
      const sent = (
        await client.request('post', 'cgi-bin/message/send', {
          json: {
            toparty: '1',
            agentid: 1000002,
            msgtype: 'template_card',
            template_card: DEMO_CARDS.button_interaction('easywechat-1'),
          },
        })
      ).toObject();
      expect(sent).toMatchObject({ errcode: 0, response_code: expect.any(String) });
      const updated = await client.request('post', 'cgi-bin/message/update_template_card', {
        json: {
          atall: 1,
          agentid: 1000002,
          response_code: sent['response_code'],
          button: { replace_name: '已发布' },
        },
      });
      expect(updated.toObject()).toMatchObject({ errcode: 0, invaliduser: [] });
      const inbox = (await (await emulator.fetch('/_emulator/inbox')).json()) as {
        messages: { body: { msgtype: string } }[];
      };
      expect(inbox.messages.map((m) => m.body.msgtype)).toEqual(['markdown', 'template_card']);
    } finally {
      await emulator.close();
    }
  });
});
