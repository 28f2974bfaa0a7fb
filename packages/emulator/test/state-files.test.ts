import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY_JPEG } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator, EXPORT_FILE, StateFileError } from '../src/index.js';
import { CORP, get, oaToken, post, weComCode, weComToken } from './helpers.js';

const base = Date.UTC(2026, 0, 5, 9);
const clock = () => base;
const upload = async (emu: Emulator, token: string) => {
  const form = new FormData();
  form.append('media', new Blob([TINY_JPEG], { type: 'image/jpeg' }), 'a.jpg');
  const response = await emu.fetch(`/cgi-bin/media/upload?access_token=${token}&type=image`, {
    method: 'POST',
    body: form,
  });
  return String(((await response.json()) as Record<string, unknown>)['media_id']);
};

/** An emulator that has seen a bit of everything: tokens, a code, the inbox, a follower, a QR code, a push, media. */
async function busy(emu: Emulator) {
  const token = await weComToken(emu);
  await post(emu, `/cgi-bin/message/send?access_token=${token}`, {
    touser: 'zhangsan',
    msgtype: 'text',
    agentid: 1000002,
    text: { content: '留下' },
  });
  const code = await weComCode(emu, 'lisi');
  const oa = await oaToken(emu);
  const qr = await post(emu, `/cgi-bin/qrcode/create?access_token=${oa}`, {
    action_name: 'QR_LIMIT_STR_SCENE',
    action_info: { scene: { scene_str: 'kept' } },
  });
  const ticket = String(qr['ticket']);
  await post(emu, '/_emulator/oa/scan', { ticket, openid: 'o-kept-follower' });
  // The app is down: the push is logged as tried once, with the retries due.
  await post(emu, '/_emulator/events', { type: 'click', key: 'CONTACT_HR' });
  const mediaId = await upload(emu, token);
  emu.advance(120);
  return { token, code, oa, ticket, mediaId };
}

describe('state as a user wants it', () => {
  it('--export-on-exit then --import gives back the same state: tokens, codes, inbox, followers, QR codes, deliveries, media, clock', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emu-export-'));
    const down = async () => {
      throw new TypeError('fetch failed');
    };
    let emu = await createEmulator({ clock, exportOnExit: dir, appFetch: down });
    const made = await busy(emu);
    const now = emu.now();
    await emu.close();
    const exported = await readFile(join(dir, EXPORT_FILE), 'utf8');

    const again = join(dir, 'again');
    emu = await createEmulator({ clock, import: dir, exportOnExit: again, appFetch: down });
    expect(emu.now()).toBe(now);
    // The token the app holds still works; the code is still unused; the message, follower, QR code, push and
    // media are all there.
    expect(await get(emu, `/cgi-bin/user/get?userid=zhangsan&access_token=${made.token}`)).toMatchObject({
      errcode: 0,
    });
    expect(
      await get(emu, `/cgi-bin/auth/getuserinfo?access_token=${made.token}&code=${made.code}`),
    ).toMatchObject({ errcode: 0, userid: 'lisi' });
    const state = await get(emu, '/_emulator/state');
    expect(JSON.stringify(state['inbox'])).toContain('留下');
    expect(await get(emu, `/cgi-bin/user/info?access_token=${made.oa}&openid=o-kept-follower`)).toMatchObject(
      {
        subscribe: 1,
      },
    );
    expect((await emu.fetch(`/cgi-bin/showqrcode?ticket=${encodeURIComponent(made.ticket)}`)).status).toBe(
      200,
    );
    expect((await get(emu, '/_emulator/deliveries'))['deliveries']).toMatchObject([
      { platform: 'wecom', corpId: CORP, attempt: 1, status: 0 },
    ]);
    const media = await emu.fetch(`/cgi-bin/media/get?access_token=${made.token}&media_id=${made.mediaId}`);
    expect(new Uint8Array(await media.arrayBuffer())).toEqual(TINY_JPEG);
    // The same state, written again: nothing lost or changed on the way (the calls above counted in the stats).
    await emu.close();
    const reexported = JSON.parse(await readFile(join(again, EXPORT_FILE), 'utf8')) as {
      state: Record<string, unknown>;
    };
    const first = JSON.parse(exported) as { state: Record<string, unknown>; offsetMs: number };
    for (const name of ['tokens', 'inbox', 'qrcodes', 'permanentQrcodes', 'deliveries', 'media', 'oaServers'])
      expect(reexported.state[name], name).toEqual(first.state[name]);
    expect(Object.keys(reexported.state).sort()).toEqual(Object.keys(first.state).sort());
  });

  it('refuses an --import folder that holds no state, naming the flag that writes one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emu-import-'));
    await expect(createEmulator({ import: dir })).rejects.toThrow(StateFileError);
    await expect(createEmulator({ import: dir })).rejects.toThrow(/--export-on-exit/);
  });

  it('restores a named snapshot mid-run, clock included, without a restart', async () => {
    const emu = await createEmulator({ clock });
    const token = await weComToken(emu);
    const saved = await post(emu, '/_emulator/snapshots', { name: 'clean' });
    expect(saved).toMatchObject({ ok: true, snapshot: { name: 'clean', at: base } });
    // A test that leaves a mess: a message, a menu gone, two hours later, a new token.
    await post(emu, `/cgi-bin/message/send?access_token=${token}`, {
      touser: 'zhangsan',
      msgtype: 'text',
      agentid: 1000002,
      text: { content: 'mess' },
    });
    await get(emu, `/cgi-bin/menu/delete?access_token=${token}&agentid=1000002`);
    emu.advance(7300);
    const later = await weComToken(emu);
    expect(later).not.toBe(token);

    expect(await post(emu, '/_emulator/snapshots/clean/restore', {})).toMatchObject({ ok: true });
    expect(emu.now()).toBe(base);
    const state = await get(emu, '/_emulator/state');
    expect(state['inbox']).toEqual([]);
    expect(Object.keys(state['menus'] as object)).toContain(`wecom:${CORP}:1000002`);
    // The token from before the snapshot is the current one again; the later one is unknown.
    expect(await weComToken(emu)).toBe(token);
    expect(await get(emu, `/cgi-bin/user/get?userid=zhangsan&access_token=${later}`)).toMatchObject({
      errcode: 40014,
    });
    expect((await get(emu, '/_emulator/snapshots'))['snapshots']).toMatchObject([{ name: 'clean' }]);
    // The same through the module API.
    emu.saveSnapshot('again');
    emu.advance(10);
    emu.restoreSnapshot('again');
    expect(emu.now()).toBe(base);
  });

  it('says which snapshot names it takes and which it knows', async () => {
    const emu = await createEmulator({ clock });
    const bad = await emu.fetch('/_emulator/snapshots', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '../etc' }),
    });
    expect(bad.status).toBe(400);
    const unknown = await emu.fetch('/_emulator/snapshots/nope/restore', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(await unknown.json())).toMatch(/GET \/_emulator\/snapshots/);
  });
});
