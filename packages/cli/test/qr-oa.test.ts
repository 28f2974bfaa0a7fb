import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '@wxkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { capture, type Project, project } from './helpers.js';

let emu: Emulator;
let dir: string;
let env: Record<string, string>;
let oa: Project;
beforeAll(async () => {
  oa = await project('oa');
  ({ emu, dir, env } = oa);
});
afterAll(() => oa.close());

const qr = async (...args: string[]) => {
  const c = capture(env, dir);
  const code = await run(['qr', '--config', join(dir, 'wxkit.config.yaml'), ...args], c.io);
  return { code, text: c.text(), err: c.err.join('\n') };
};

describe('wxkit qr --scene (an Official Account parametric QR code)', () => {
  it('creates a temporary code through core and prints JSON whose ticket a scan follows with', async () => {
    const r = await qr('--scene', 'survey-7', '--expire', '600', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.text) as { ticket: string; url: string; image: string; expireSeconds: number };
    expect(out).toMatchObject({
      ok: true,
      platform: 'oa',
      scene: 'survey-7',
      permanent: false,
      expireSeconds: 600,
    });
    expect(out.image).toBe(`http://${emu.host}/cgi-bin/showqrcode?ticket=${encodeURIComponent(out.ticket)}`);
    expect((await fetch(out.image)).status).toBe(200);
    const scan = (await (
      await emu.fetch('/_emulator/oa/scan', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ticket: out.ticket, openid: 'o-cli' }),
      })
    ).json()) as { pushed: string };
    expect(scan.pushed).toBe('subscribe');
  });

  it('prints the code in the terminal with its URL; a digits-only scene is an integer scene', async () => {
    const r = await qr('--scene', '42', '--permanent');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/http:\/\/weixin\.qq\.com\/q\//);
    expect(r.text).toContain('scene 42 · permanent');
    expect(r.text).toMatch(/[▀▄█]/);
  });

  it('exits 2 before any call for what core refuses, and for --permanent with --expire', async () => {
    const creates = async () =>
      ((await (await emu.fetch('/_emulator/stats')).json()) as { calls: Record<string, number> }).calls[
        '/cgi-bin/qrcode/create'
      ] ?? 0;
    const before = await creates();
    expect((await qr('--scene', '100001', '--permanent')).code).toBe(2);
    expect((await qr('--scene', 'x'.repeat(65))).code).toBe(2);
    expect((await qr('--scene', '1', '--expire', '2592001')).code).toBe(2);
    expect((await qr('--scene', '1', '--expire', 'soon')).code).toBe(2);
    expect((await qr('--scene', '1', '--permanent', '--expire', '60')).code).toBe(2);
    expect((await qr('http://localhost/', '--scene', '1')).code).toBe(2);
    expect(await creates()).toBe(before);
  });

  it('exits 1 with the explained platform error when qrcode/create fails', async () => {
    await emu.fetch('/_emulator/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/cgi-bin/qrcode/create', count: 1, errcode: 45029 }),
    });
    const r = await qr('--scene', 'poster', '--permanent');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/45029/);
  });

  it('exits 2 for a WeCom config, saying to use a link', async () => {
    const wecomDir = await mkdtemp(join(tmpdir(), 'wxkit-cli-qr-wecom-'));
    const wecomEnv = { WECOM_SECRET: 'x', WXKIT_EMULATOR_HOST: emu.host };
    expect(await run(['init'], capture(wecomEnv, wecomDir).io)).toBe(0);
    const c = capture(wecomEnv, wecomDir);
    expect(await run(['qr', '--config', join(wecomDir, 'wxkit.config.yaml'), '--scene', '1'], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/Official Account feature/);
  });
});
