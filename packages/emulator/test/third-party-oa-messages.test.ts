import { oaPush, oaSaveServer, startRecorder, TINY_JPEG } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../src/index.js';
import { coWechatApi } from './sdks.js';

describe('co-wechat-api against the emulator: template, customer-service messages and media', () => {
  it('sends a template message (topcolor and all), a text within the window, and uploads and gets media', async () => {
    const emulator = await createEmulator({ port: 0 });
    const recorder = await startRecorder();
    try {
      const api = coWechatApi(emulator);
      const sent = await api.sendTemplate(
        'o-xiaoming',
        'wxkitSurveyResult00000000000000000000000000',
        'http://localhost:3000/survey/results',
        '#FF0000',
        {
          thing1: { value: '员工满意度调查', color: '#173177' },
          time2: { value: '2026-12-01 10:00' },
          thing3: { value: '已发布' },
        },
      );
      expect(sent).toMatchObject({ errcode: 0, msgid: expect.any(Number) });

      // Outside the window the SDK surfaces the platform's 45015 as an error.
      await expect(api.sendText('o-xiaohong', '您好')).rejects.toMatchObject({ code: 45015 });
      expect(await oaSaveServer(emulator.fetch, { url: recorder.url, token: 'CoWechatToken' })).toMatchObject(
        {
          ok: true,
        },
      );
      await oaPush(emulator.fetch, { type: 'text', openid: 'o-xiaohong', content: '在吗' });
      expect(await api.sendText('o-xiaohong', '在的')).toMatchObject({ errcode: 0 });

      const up = await api.uploadMedia(Buffer.from(TINY_JPEG), 'image', 'photo.jpg', 'image/jpeg');
      expect(up).toMatchObject({ type: 'image', media_id: expect.stringMatching(/^3emu/) });
      expect(Buffer.compare(await api.getMedia(up.media_id), TINY_JPEG)).toBe(0);
    } finally {
      await recorder.close();
      await emulator.close();
    }
  });
});
