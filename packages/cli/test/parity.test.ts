import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { project } from './helpers.js';

/** The committed reports of the emulator; WXKIT_UPDATE_PARITY=1 rewrites them from a run. */
const REPORTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'parity');

describe('wxkit parity against the emulator', () => {
  for (const platform of ['wecom', 'oa'] as const) {
    it(`answers like the committed ${platform} report (timings excluded), with no secret or token in it`, async () => {
      const p = await project(platform);
      try {
        const out = join(p.dir, 'report.json');
        const ran = await p.wxkit(['parity', '--config', p.config, '--target', 'emulator', '--out', out]);
        expect(ran.code, ran.err).toBe(0);
        const committed = join(REPORTS, `emulator-${platform}.json`);
        if (process.env['WXKIT_UPDATE_PARITY']) await copyFile(out, committed);
        const compared = await p.wxkit(['parity', '--compare', committed, out]);
        expect(compared.text).toMatch(/agree/);
        expect(compared.code).toBe(0);
        const text = await readFile(out, 'utf8');
        for (const secret of Object.values(p.env).filter((v) => !v.includes(':')))
          expect(text).not.toContain(secret);
        expect(text).not.toMatch(/access_token"\s*:\s*"[^s]/);
      } finally {
        await p.close();
      }
    });
  }

  it('fails with a readable diff when one errcode of the emulator changes', async () => {
    const p = await project('wecom');
    try {
      const out = join(p.dir, 'changed.json');
      await p.emu.fetch('/_emulator/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path: '/cgi-bin/get_jsapi_ticket', errcode: 45009, count: 1 }),
      });
      expect((await p.wxkit(['parity', '--config', p.config, '--out', out])).code).toBe(0);
      const compared = await p.wxkit(['parity', '--compare', join(REPORTS, 'emulator-wecom.json'), out]);
      expect(compared.code).toBe(1);
      expect(compared.text).toContain('tickets › GET /cgi-bin/get_jsapi_ticket: errcode 0 → 45009');
    } finally {
      await p.close();
    }
  });

  it('sends a message only to the member named with --member, and refuses a report path it cannot read', async () => {
    const p = await project('wecom');
    try {
      const inbox = async () =>
        ((await (await p.emu.fetch('/_emulator/inbox')).json()) as { messages: unknown[] }).messages.length;
      await p.wxkit(['parity', '--config', p.config, '--out', join(p.dir, 'a.json')]);
      expect(await inbox()).toBe(0);
      const named = await p.wxkit([
        'parity',
        '--config',
        p.config,
        '--member',
        'zhangsan',
        '--out',
        join(p.dir, 'b.json'),
      ]);
      expect(named.code).toBe(0);
      expect(await inbox()).toBe(1);
      expect(await readFile(join(p.dir, 'b.json'), 'utf8')).not.toContain('zhangsan');
      await writeFile(join(p.dir, 'bad.json'), '{"tool":"other"}');
      expect(
        (await p.wxkit(['parity', '--compare', join(p.dir, 'a.json'), join(p.dir, 'bad.json')])).code,
      ).toBe(2);
      expect((await p.wxkit(['parity', '--config', p.config, '--target', 'real'])).code).toBe(2);
    } finally {
      await p.close();
    }
  });
});
