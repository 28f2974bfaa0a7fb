import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWeCom, silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed } from '@wxkit/emulator';
import { DEMO_CALLBACK, DEMO_WECOM } from '@wxkit/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { toNodeListener } from '../src/adapters/node.js';
import { createWxServer, type WxEvent } from '../src/index.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe('change_contact from the emulator through the server kit', () => {
  it('hands the handler a typed event.contact for member and department changes', async () => {
    const seed = defaultSeed();
    const emu = await createEmulator({ seed });
    const wx = createWxServer({
      wecom: createWeCom({ ...DEMO_WECOM, fetch: emu.fetch, env: {}, logger: silentLogger }),
      session: { secret: 'a-test-secret-that-is-long-enough-0123' },
      callback: DEMO_CALLBACK,
      clock: emu.now,
      logger: silentLogger,
    });
    const events: WxEvent[] = [];
    wx.on('change_contact', (e) => void events.push(e));
    const server = createServer(toNodeListener(wx));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wx/events`;
    const corp = seed.wecom[0];
    const app = corp?.apps[0];
    await emu.fetch('/_emulator/state', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        seed: { ...seed, wecom: [{ ...corp, apps: [{ ...app, callback: { ...DEMO_CALLBACK, url } }] }] },
      }),
    });
    const control = async (path: string, body: unknown) =>
      (
        await emu.fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json() as Promise<{ events: { status: number }[] }>;

    const answers = [
      await control('/_emulator/contacts/member', {
        action: 'create',
        member: { userid: 'qianshi', name: '钱十', department: [2, 3] },
      }),
      await control('/_emulator/contacts/member', {
        action: 'update',
        member: { userid: 'qianshi', newUserId: 'qian10', status: 2 },
      }),
      await control('/_emulator/contacts/member', { action: 'delete', member: { userid: 'qian10' } }),
      await control('/_emulator/contacts/department', {
        action: 'create',
        department: { id: 8, name: '测试组', parentId: 2 },
      }),
      await control('/_emulator/contacts/department', { action: 'delete', department: { id: 8 } }),
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
    await emu.fetch('/_emulator/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'click', key: 'K' }),
    });
    expect(events).toHaveLength(5);
  });
});
