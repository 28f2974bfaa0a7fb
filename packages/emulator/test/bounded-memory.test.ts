import { describe, expect, it } from 'vitest';
import { defaultSeed } from '../src/index.js';
import { CORP, emulator, get, OA, OA_SECRET, post, weComToken } from './helpers.js';

type Stats = {
  calls: Record<string, number>;
  errcodes: Record<string, number>;
  sizes: Record<string, number>;
};
const stats = async (emu: Awaited<ReturnType<typeof emulator>>) =>
  (await get(emu, '/_emulator/stats')) as unknown as Stats;

describe('an emulator under load stays bounded', () => {
  it('trims the journal while every answer is rate-limited', async () => {
    const seed = defaultSeed();
    seed.limits.apiPerMinute = 5;
    const emu = await emulator({ seed });
    for (let i = 0; i < 2500; i++) await emu.fetch(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=x`);
    const { sizes, errcodes } = await stats(emu);
    expect(errcodes['45009']).toBe(2495);
    expect(sizes['journal']).toBe(1000);
    const entries = (await get(emu, '/_emulator/journal'))['entries'] as { errcode: number }[];
    expect(entries.at(-1)?.errcode).toBe(45009);
  });

  it('counts unknown paths under one bucket, whatever the path', async () => {
    const emu = await emulator();
    for (let i = 0; i < 3000; i++) await emu.fetch(`/cgi-bin/made-up/${i}`);
    await weComToken(emu);
    const { calls, sizes } = await stats(emu);
    expect(calls).toEqual({ '(not emulated)': 3000, '/cgi-bin/gettoken': 1 });
    expect(sizes['windows']).toBe(2);
  });

  it('removes a fault once its count is spent', async () => {
    const emu = await emulator();
    await post(emu, '/_emulator/faults', { path: '/cgi-bin/gettoken', count: 2, errcode: -1 });
    for (let i = 0; i < 3; i++) await weComToken(emu);
    expect((await get(emu, '/_emulator/faults'))['faults']).toEqual([]);
    expect((await stats(emu)).sizes['faults']).toBe(0);
  });

  it('keeps at most 16 Official Account tokens per app however often /cgi-bin/token is called', async () => {
    const emu = await emulator();
    const path = `/cgi-bin/token?grant_type=client_credential&appid=${OA}&secret=${OA_SECRET}`;
    const tokens: string[] = [];
    for (let i = 0; i < 40; i++) tokens.push(String((await get(emu, path))['access_token']));
    expect((await stats(emu)).sizes['tokens']).toBe(16);
    // The newest works; the one before it still works for 5 minutes (the platform's overlap).
    const check = (t: string) => get(emu, `/cgi-bin/get_current_selfmenu_info?access_token=${t}`);
    expect((await check(tokens[39]!))['is_menu_open']).toBe(0);
    expect((await check(tokens[38]!))['is_menu_open']).toBe(0);
  });

  it('caps the inbox at the newest 1000 messages and keeps numbering msgids', async () => {
    const seed = defaultSeed();
    seed.limits.apiPerMinute = 1_000_000;
    const emu = await emulator({ seed });
    const token = await weComToken(emu);
    let last = '';
    for (let i = 0; i < 1010; i++) {
      // 3 s apart: one member's 30/minute limit is never reached, so every message is delivered.
      emu.advance(3);
      last = String(
        (
          await post(emu, `/cgi-bin/message/send?access_token=${token}`, {
            touser: 'zhangsan',
            msgtype: 'text',
            agentid: 1000002,
            text: { content: `n${i}` },
          })
        )['msgid'],
      );
    }
    expect(last).toBe('emu1010');
    const { sizes } = await stats(emu);
    expect(sizes['inbox']).toBe(1000);
  });
});

describe('rate windows kept apart', () => {
  it('a message to 5000 members does not push the API quota windows out (45009 still holds after it)', async () => {
    const seed = defaultSeed();
    const corp = seed.wecom[0]!;
    corp.tags = [];
    corp.members = Array.from({ length: 5000 }, (_, i) => ({
      userid: `m${i}`,
      name: `成员${i}`,
      department: [1],
    }));
    corp.apps[0]!.visibleTo = { departments: [1] };
    seed.limits.apiPerMinute = 3;
    const emu = await emulator({ seed });
    const token = await weComToken(emu);
    const list = async () => (await get(emu, `/cgi-bin/department/list?access_token=${token}`))['errcode'];
    expect([await list(), await list()]).toEqual([0, 0]);
    expect(
      (
        await post(emu, `/cgi-bin/message/send?access_token=${token}`, {
          touser: '@all',
          agentid: 1000002,
          msgtype: 'text',
          text: { content: '问卷' },
        })
      )['errcode'],
    ).toBe(0);
    expect([await list(), await list()]).toEqual([0, 45009]);
  });
});
