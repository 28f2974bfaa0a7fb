import { createEmulator, defaultSeed } from '@wxkit/emulator';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { WxEvent } from '../src/index.js';
import { oaCallbackApp } from './callback-app.js';

const TOKEN = 'TemplateJobToken';
const AES = 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj';
const TEMPLATE = 'wxkitSurveyResult00000000000000000000000000';
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe('TEMPLATESENDJOBFINISH from the emulator to @wxkit/server', () => {
  it('decrypts the event in safe mode into event.templateJob { msgId, status } for each follower', async () => {
    const seed = defaultSeed();
    const blocked = seed.officialAccounts[0]?.followers.find((f) => f.openid === 'o-xiaohong');
    if (blocked) blocked.templateStatus = 'failed:user block';
    const emu = await createEmulator({ seed });
    closers.push(() => emu.close());
    const { officialAccount, wx } = await oaCallbackApp(emu, {
      token: TOKEN,
      encodingAESKey: AES,
      mode: 'safe',
    });
    const jobs: WxEvent[] = [];
    wx.on('templatesendjobfinish', (e) => void jobs.push(e));

    const data = {
      thing1: { value: '员工满意度调查' },
      time2: { value: '2026-12-01 10:00' },
      thing3: { value: '已发布' },
    };
    const ok = await officialAccount.templates.send({ touser: 'o-xiaoming', template_id: TEMPLATE, data });
    const refused = await officialAccount.templates.send({
      touser: 'o-xiaohong',
      template_id: TEMPLATE,
      data,
    });
    await vi.waitFor(() => expect(jobs).toHaveLength(2));
    const byFollower = Object.fromEntries(jobs.map((e) => [e.from, e.templateJob]));
    expect(byFollower).toEqual({
      'o-xiaoming': { msgId: String(ok.msgid), status: 'success' },
      'o-xiaohong': { msgId: String(refused.msgid), status: 'failed:user block' },
    });
    expect(jobs[0]?.to).toMatch(/^gh_[0-9a-f]{12}$/);
  });
});
