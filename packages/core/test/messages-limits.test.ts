import { describe, expect, it } from 'vitest';
import { createWeCom } from '../src/index.js';
import { fakeWeCom, weComOptions } from './helpers/fake-platform.js';

describe('WeCom message limits', () => {
  it('sends text, textcard and news with the right msgtype and agentid', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform));
    await wecom.messages.send({ touser: '@all', text: { content: '你好' } });
    expect(platform.bodies.at(-1)).toMatchObject({ msgtype: 'text', agentid: 1000002, touser: '@all' });
    await wecom.messages.send({
      toparty: [2, 3],
      textcard: { title: '新问卷', description: '请填写', url: 'https://a.example/', btntxt: '去填写' },
    });
    expect(platform.bodies.at(-1)).toMatchObject({ msgtype: 'textcard', toparty: '2|3' });
    await wecom.messages.send({
      totag: [1],
      news: { articles: [{ title: 't', url: 'https://a.example/' }] },
    });
    expect(platform.bodies.at(-1)).toMatchObject({ msgtype: 'news', totag: '1' });
  });

  it('refuses oversized text, too many recipients, a long button text and 9 articles before calling', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform));
    await expect(wecom.messages.send({ touser: ['a'], text: { content: 'x'.repeat(2049) } })).rejects.toThrow(
      /2048/,
    );
    const many = Array.from({ length: 1001 }, (_, i) => `u${i}`);
    await expect(wecom.messages.send({ touser: many, text: { content: 'x' } })).rejects.toThrow(
      /1000 userids/,
    );
    const parties = Array.from({ length: 101 }, (_, i) => i + 1);
    await expect(wecom.messages.send({ toparty: parties, text: { content: 'x' } })).rejects.toThrow(
      /100 ids/,
    );
    const card = { title: 't', description: 'd', url: 'https://a.example/', btntxt: '点这里看看' };
    await expect(wecom.messages.send({ touser: ['a'], textcard: card })).rejects.toThrow(/btntxt/);
    const articles = Array.from({ length: 9 }, () => ({ title: 't', url: 'https://a.example/' }));
    await expect(wecom.messages.send({ touser: ['a'], news: { articles } })).rejects.toThrow(/1 to 8/);
    expect(platform.count('/cgi-bin/message/send')).toBe(0);
  });

  it('never repeats a send after a network error or 5xx, but retries an explicit -1 busy', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform));
    await wecom.getAccessToken();
    platform.queue('/cgi-bin/message/send', { status: 502 });
    await expect(wecom.messages.send({ touser: ['a'], text: { content: 'x' } })).rejects.toThrow(/HTTP 502/);
    expect(platform.count('/cgi-bin/message/send')).toBe(1);
    platform.queue('/cgi-bin/message/send', { errcode: -1, errmsg: 'system busy' });
    await expect(wecom.messages.send({ touser: ['a'], text: { content: 'x' } })).resolves.toMatchObject({
      msgid: 'M1',
    });
    expect(platform.count('/cgi-bin/message/send')).toBe(3);
  });
});
