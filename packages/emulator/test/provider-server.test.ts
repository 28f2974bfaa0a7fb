import { cookiesOf, loginThroughEmulator } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { serverWorld } from './provider-server-world.js';
import { CORP1, CORP2, SUITE } from './provider-support.js';

describe('the server kit (createWxServer({ suite })) against the emulator', () => {
  it('verifies its command URL, takes the tickets, installs through its own route and logs members of two corps in', async () => {
    const { emu, suite, app } = await serverWorld();
    try {
      // The first provider call starts the ticket clock (a test's emulator); the URL check and the ticket follow.
      await emu.fetch('/_emulator/providers');
      for (let i = 0; i < 200 && !(await suite.tickets.peek()); i++)
        await new Promise((r) => setTimeout(r, 5));
      const overview = (await (await emu.fetch('/_emulator/providers')).json()) as {
        suites: { suiteId: string; verifiedAt: number | null; tickets: { delivered: boolean }[] }[];
      };
      const mine = overview.suites.find((s) => s.suiteId === SUITE);
      expect(mine?.verifiedAt).not.toBeNull();
      expect(mine?.tickets.at(-1)?.delivered).toBe(true);

      for (const corpId of [CORP1, CORP2]) {
        const start = await app('/isv/wx/suite/install');
        expect(start.status).toBe(302);
        const page = await emu.fetch(`${start.headers.get('location')}&install_as=${corpId}`);
        expect(page.status).toBe(302);
        const back = new URL(page.headers.get('location') ?? '');
        expect(back.pathname).toBe('/isv/wx/suite/installed');
        const landed = await app(back.pathname + back.search, { headers: { cookie: cookiesOf(start) } });
        expect(landed.status).toBe(302);
        expect(landed.headers.get('location')).toContain(`corp_id=${corpId}`);
      }
      expect((await suite.tenants.list()).tenants.map((t) => t.corpId).sort()).toEqual([CORP1, CORP2].sort());

      for (const [corpId, name] of [
        [CORP1, '张三'],
        [CORP2, '张珊'],
      ] as const) {
        const login = await loginThroughEmulator({
          app,
          emulator: emu.fetch,
          member: `${corpId}:zhangsan`,
          mode: 'callback',
          base: '/isv',
          userAgent: 'wxwork',
        });
        const back = login.responses.finish;
        expect(back.status).toBe(302);
        const me = (await (await app('/isv/wx/me', { headers: { cookie: cookiesOf(back) } })).json()) as {
          user: { corpId: string; userid: string; name: string };
        };
        expect(me.user).toMatchObject({ corpId, userid: 'zhangsan', name });
      }

      // cancel_auth from the console: the server removes the tenant on the push.
      await emu.fetch('/_emulator/providers/cancel', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ suiteId: SUITE, corpId: CORP2 }),
      });
      for (let i = 0; i < 100 && (await suite.tenants.get(CORP2)); i++)
        await new Promise((r) => setTimeout(r, 5));
      expect(await suite.tenants.get(CORP2)).toBeUndefined();
      expect(await suite.tenants.get(CORP1)).toBeDefined();
    } finally {
      await emu.close();
    }
  });
});
