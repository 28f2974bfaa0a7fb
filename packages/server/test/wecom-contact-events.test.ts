import { DEMO_WECOM } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import type { WxEvent } from '../src/index.js';
import { weComCallbackApp } from './callback-app.js';

describe('change_contact from the emulator through the server kit', () => {
  it('hands the handler a typed event.contact for member and department changes', async () => {
    const { wx, control } = await weComCallbackApp();
    const events: WxEvent[] = [];
    wx.on('change_contact', (e) => void events.push(e));

    const answers = [
      await control<{ events: { status: number }[] }>('/_emulator/contacts/member', {
        action: 'create',
        member: { userid: 'qianshi', name: '钱十', department: [2, 3] },
      }),
      await control<{ events: { status: number }[] }>('/_emulator/contacts/member', {
        action: 'update',
        member: { userid: 'qianshi', newUserId: 'qian10', status: 2 },
      }),
      await control<{ events: { status: number }[] }>('/_emulator/contacts/member', {
        action: 'delete',
        member: { userid: 'qian10' },
      }),
      await control<{ events: { status: number }[] }>('/_emulator/contacts/department', {
        action: 'create',
        department: { id: 8, name: '测试组', parentId: 2 },
      }),
      await control<{ events: { status: number }[] }>('/_emulator/contacts/department', {
        action: 'delete',
        department: { id: 8 },
      }),
    ];
    expect(answers.map((a) => a.events.map((e) => e.status))).toEqual([[200], [200], [200], [200], [200]]);
    expect(events.map((e) => [e.type, e.from, e.to])).toEqual(
      Array(5).fill(['change_contact', 'sys', DEMO_WECOM.corpId]),
    );
    expect(events.map((e) => e.contact)).toEqual([
      {
        changeType: 'create_user',
        userId: 'qianshi',
        name: '钱十',
        departments: [2, 3],
        mainDepartment: 2,
        position: '',
        status: 1,
      },
      { changeType: 'update_user', userId: 'qianshi', newUserId: 'qian10', status: 2 },
      { changeType: 'delete_user', userId: 'qian10' },
      { changeType: 'create_party', departmentId: 8, name: '测试组', parentId: 2, order: expect.any(Number) },
      { changeType: 'delete_party', departmentId: 8 },
    ]);
    // Other events carry no contact.
    await control('/_emulator/events', { type: 'click', key: 'K' });
    expect(events).toHaveLength(5);
  });
});
