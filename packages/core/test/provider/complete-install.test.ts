import { describe, expect, it } from 'vitest';
import { createSuite } from '../../src/provider/index.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/store.js';
import { fakeProvider, manualClock, suiteOptions } from '../helpers/fake-provider.js';

/** A store whose writes of keys matching `dies` throw once: the process died at that step. */
function dyingStore(memory: Store, dies: RegExp) {
  const state = { died: false };
  const writes: string[][] = [];
  return Object.assign(Object.create(memory) as Store, {
    writes,
    state,
    async set(key: string, value: string, ttlMs: number) {
      writes.push([key, value]);
      if (!state.died && dies.test(key)) {
        state.died = true;
        throw new Error('process killed');
      }
      return memory.set(key, value, ttlMs);
    },
  });
}

async function world(dies: RegExp) {
  const clock = manualClock();
  const memory = createMemoryStore({ clock: clock.now });
  const platform = fakeProvider();
  const store = dyingStore(memory, dies);
  const first = createSuite(suiteOptions(platform, { store, clock: clock.now }));
  await first.tickets.receive(platform.pushTicket('wwsuite1'));
  // The restarted process: a new suite client on the same store.
  const restarted = () => createSuite(suiteOptions(platform, { store: memory, clock: clock.now }));
  return { platform, store, memory, first, restarted };
}

describe('completeInstall when the process dies between its steps', () => {
  it('registers the corp on the retry after a death between get_permanent_code and the tenant write', async () => {
    const { platform, store, first, restarted } = await world(/:tenant:/);
    const authCode = platform.authorise('wwsuite1', 'wwcorpA', { agentId: 1000007 });
    await expect(first.completeInstall(authCode)).rejects.toThrow('process killed');
    expect(store.state.died).toBe(true);
    // The code is spent at the platform: only what the first process kept can finish the install.
    const tenant = await restarted().completeInstall(authCode);
    expect(tenant).toMatchObject({ corpId: 'wwcorpA', agentId: 1000007 });
    expect(await restarted().tenants.get('wwcorpA')).toMatchObject({ corpId: 'wwcorpA' });
    const corp = await restarted().corp('wwcorpA');
    expect(await corp.getAccessToken()).toMatch(/^CORP_wwcorpA_/);
  });

  it('keeps one tenant (same generation) when the retry follows a death after the tenant write', async () => {
    const { platform, first, restarted } = await world(/:tenant_index:/);
    const authCode = platform.authorise('wwsuite1', 'wwcorpA');
    await expect(first.completeInstall(authCode)).rejects.toThrow('process killed');
    const before = await restarted().tenants.get('wwcorpA');
    const after = await restarted().completeInstall(authCode);
    expect(after.generation).toBe(before?.generation);
    const { tenants } = await restarted().tenants.list();
    expect(tenants.map((t) => t.corpId)).toEqual(['wwcorpA']);
  });

  it('keeps the grant sealed: neither the auth_code nor the permanent code is in the store in clear', async () => {
    const { platform, store, first } = await world(/:tenant:/);
    const authCode = platform.authorise('wwsuite1', 'wwcorpA');
    await first.completeInstall(authCode).catch(() => {});
    const code = platform.permanentCodeOf('wwsuite1', 'wwcorpA') as string;
    const grants = store.writes.filter(([key]) => key?.includes(':install_grant:'));
    expect(grants).toHaveLength(1);
    // Once the corp is registered the grant is gone: nothing is left to redo.
    await first.completeInstall(authCode);
    expect(await store.get(grants[0]?.[0] as string)).toBeUndefined();
    const written = JSON.stringify(store.writes);
    expect(written).not.toContain(code);
    expect(written).not.toContain(authCode);
  });
});
