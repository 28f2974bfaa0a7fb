import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { CORP1, CORP2, installVia, loginCode, providerWorld } from './provider-support.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('a third-party app against the emulator, through @wxkit/core/provider unchanged', () => {
  it('installs into two corps, logs a member of each in, gets JS-SDK tickets, and stops at cancel', async () => {
    const w = await providerWorld();
    emu = w.emu;
    expect(await w.suite.tickets.peek()).toBeDefined();
    const tenants = [];
    for (const corpId of [CORP1, CORP2]) {
      const { authCode, location } = await installVia(w.emu, w.suite, corpId);
      expect(location.searchParams.get('expires_in')).toBe('600');
      expect(location.searchParams.get('state')).toBe('s1');
      expect(authCode.length).toBeGreaterThanOrEqual(64);
      tenants.push(await w.suite.completeInstall(authCode));
    }
    expect(tenants.map((t) => t.corpId)).toEqual([CORP1, CORP2]);
    expect(tenants[0]?.agentId).not.toBe(tenants[1]?.agentId);

    for (const corpId of [CORP1, CORP2]) {
      const code = await loginCode(w.emu, w.suite, `${corpId}:zhangsan`);
      const who = await w.suite.oauth.exchangeCode(code);
      expect(who).toMatchObject({ corpId, userid: 'zhangsan' });
      expect(who.openUserid).toBeTruthy();
      expect(who.openUserid).not.toBe('zhangsan');
      const corp = await w.suite.corp(corpId);
      const user = await corp.users.get('zhangsan');
      expect(user.name).toBe(corpId === CORP1 ? '张三' : '张珊');
      const signed = await corp.jssdk.configSignature('http://localhost:3000/isv/');
      expect(signed.signature).toMatch(/^[0-9a-f]{40}$/);
      await corp.getAgentTicket();
    }
    const [a, b] = await Promise.all([
      w.suite.oauth.exchangeCode(await loginCode(w.emu, w.suite, `${CORP1}:zhangsan`)),
      w.suite.oauth.exchangeCode(await loginCode(w.emu, w.suite, `${CORP2}:zhangsan`)),
    ]);
    expect(a.openUserid).not.toBe(b.openUserid);

    const corp2 = await w.suite.corp(CORP2);
    const token = await corp2.getAccessToken();
    const cancelled = await w.emu.fetch('/_emulator/providers/cancel', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ suiteId: w.suiteId, corpId: CORP2 }),
    });
    expect(cancelled.status).toBe(200);
    const cancel = w.received.find((r) => r.fields['InfoType'] === 'cancel_auth');
    expect(cancel?.fields['AuthCorpId']).toBe(CORP2);
    const after = (await (
      await w.emu.fetch(`/cgi-bin/user/get?access_token=${token}&userid=zhangsan`)
    ).json()) as { errcode: number };
    expect(after.errcode).not.toBe(0);
    // Corp 1 still works.
    expect((await (await w.suite.corp(CORP1)).users.get('lisi')).userid).toBe('lisi');
  });
});
