import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/index.js';
import { createSuite, type Tenant } from '../../src/provider/index.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/store.js';
import { fakeProvider, manualClock, SEAL_SECRET, suiteOptions } from '../helpers/fake-provider.js';

/** A memory store that keeps a copy of everything written to it. */
function recordingStore(clock: () => number) {
  const inner = createMemoryStore({ clock });
  const writes: string[] = [];
  const store: Store = {
    ...inner,
    get: (key) => inner.get(key),
    delete: (key) => inner.delete(key),
    compareAndDelete: (key, expected) => inner.compareAndDelete(key, expected),
    set(key, value, ttlMs) {
      writes.push(`${key}=${value}`);
      return inner.set(key, value, ttlMs);
    },
  };
  return { store, writes, inner };
}

function capturingLogger() {
  const lines: string[] = [];
  const log = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  const logger: Logger = { debug: log, info: log, warn: log, error: log };
  return { logger, lines };
}

async function setup(extra: Record<string, unknown> = {}) {
  const clock = manualClock();
  const { store, writes, inner } = recordingStore(clock.now);
  const { logger, lines } = capturingLogger();
  const platform = fakeProvider();
  const make = (more: Record<string, unknown> = {}) =>
    createSuite(suiteOptions(platform, { store, clock: clock.now, logger, ...extra, ...more }));
  const suite = make();
  await suite.tickets.receive(platform.pushTicket('wwsuite1'));
  return { clock, store, inner, writes, lines, platform, suite, make };
}

describe('tenant registry', () => {
  it('never writes a permanent code in clear to the store, a log or an error', async () => {
    const { suite, platform, writes, lines, make, clock } = await setup();
    await suite.completeInstall(platform.authorise('wwsuite1', 'wwcorpA'));
    await suite.completeInstall(platform.authorise('wwsuite1', 'wwcustom', { customized: true }));
    const codes = ['wwcorpA', 'wwcustom'].map((c) => platform.permanentCodeOf('wwsuite1', c) as string);
    await (await suite.corp('wwcorpA')).getAccessToken();
    // Failures that carry the code in their request: get_corp_token (body) and the 代开发 gettoken (query).
    const errors: unknown[] = [];
    platform.resetPermanentCode('wwsuite1', 'wwcorpA');
    platform.resetPermanentCode('wwsuite1', 'wwcustom');
    clock.advance(3 * 3_600_000);
    await suite.tickets.receive(platform.pushTicket('wwsuite1'));
    const fresh = make();
    for (const corp of ['wwcorpA', 'wwcustom'])
      errors.push(await (await fresh.corp(corp)).getAccessToken().catch((e: unknown) => e));
    errors.push(
      await make({ sealSecret: `${SEAL_SECRET}-other` })
        .corp('wwcorpA')
        .then((c) => c.getAccessToken())
        .catch((e: unknown) => e),
    );
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    const seen = [
      ...writes,
      ...lines,
      ...errors.map((e) => `${(e as Error).message} ${JSON.stringify(e)}`),
    ].join('\n');
    for (const code of codes) expect(seen).not.toContain(code);
    expect(JSON.stringify(await suite.tenants.get('wwcorpA'))).not.toContain('PERMANENT');
  });

  it('refuses a sealed code copied into another corp’s record', async () => {
    const { suite, platform, inner } = await setup();
    await suite.completeInstall(platform.authorise('wwsuite1', 'wwcorpA'));
    await suite.completeInstall(platform.authorise('wwsuite1', 'wwcorpB'));
    const keyOf = (corp: string) => `wxkit:provider:tenant:wwsuite1:${corp}`;
    const a = JSON.parse((await inner.get(keyOf('wwcorpA'))) as string);
    const b = JSON.parse((await inner.get(keyOf('wwcorpB'))) as string);
    await inner.set(keyOf('wwcorpB'), JSON.stringify({ ...b, sealedCode: a.sealedCode }), 60_000);
    await expect((await suite.corp('wwcorpB')).getAccessToken()).rejects.toThrow(
      /does not open with this sealSecret/,
    );
  });

  it('lists thousands of corps in pages with no duplicates and none missing, and fetches tokens only for corps used', async () => {
    const { suite, platform, inner } = await setup({ maxCorpClients: 50 });
    const corps = Array.from({ length: 1000 }, (_, i) => `wwcorp${String(i).padStart(4, '0')}`);
    for (const corp of corps) await suite.completeInstall(platform.authorise('wwsuite1', corp));
    const listed: Tenant[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await suite.tenants.list({ limit: 128, ...(cursor ? { cursor } : {}) });
      listed.push(...page.tenants);
      cursor = page.cursor;
      pages++;
    } while (cursor);
    expect(listed.map((t) => t.corpId).sort()).toEqual(corps);
    expect(pages).toBeGreaterThanOrEqual(8);
    const used = corps.filter((_, i) => i % 7 === 0);
    for (const _round of [1, 2]) for (const corp of used) await (await suite.corp(corp)).getAccessToken();
    expect(platform.corpTokenFetches.size).toBe(used.length);
    expect([...platform.corpTokenFetches.values()].every((n) => n === 1)).toBe(true);
    // The store holds the tenants, the index, the ticket, the suite token and one token per used corp.
    expect(inner.size).toBeLessThanOrEqual(corps.length + 64 + 2 + used.length + 8);
  });

  it('removes a corp at run time: gone from the list, its client refused, its token dropped', async () => {
    const { suite, platform, inner } = await setup();
    await suite.completeInstall(platform.authorise('wwsuite1', 'wwcorpA'));
    const corp = await suite.corp('wwcorpA');
    await corp.getAccessToken();
    const tokenKey = `wxkit:provider:corp_token:wwsuite1:wwcorpA:${corp.generation}`;
    expect(await inner.get(tokenKey)).toBeDefined();
    expect(await suite.tenants.remove('wwcorpA')).toBe(true);
    expect(await inner.get(tokenKey)).toBeUndefined();
    expect((await suite.tenants.list()).tenants).toEqual([]);
    await expect(suite.corp('wwcorpA')).rejects.toThrow(/40079/);
    expect(await suite.tenants.remove('wwcorpA')).toBe(false);
  });

  it('checks what it is given before storing anything', async () => {
    const { suite, writes } = await setup();
    const before = writes.length;
    const add = (input: Record<string, unknown>) => suite.tenants.add(input as never);
    await expect(add({ corpId: 'ww1', permanentCode: '', agentId: 1, kind: 'third-party' })).rejects.toThrow(
      /`permanentCode` is required.*41025/,
    );
    await expect(
      add({ corpId: ' ww1', permanentCode: 'p', agentId: 1, kind: 'third-party' }),
    ).rejects.toThrow(/`corpId`.*40013/);
    await expect(
      add({ corpId: 'ww1', permanentCode: 'p', agentId: '1', kind: 'third-party' }),
    ).rejects.toThrow(/`agentId`.*40056/);
    await expect(add({ corpId: 'ww1', permanentCode: 'p', agentId: 1, kind: 'isv' })).rejects.toThrow(
      /`kind`/,
    );
    await expect(suite.tenants.list({ limit: 5000 })).rejects.toThrow(/limit/);
    await expect(suite.tenants.list({ cursor: 'x.y' })).rejects.toThrow(/cursor/);
    expect(writes.length).toBe(before);
  });

  it('refuses a short sealSecret when the suite is created', () => {
    const platform = fakeProvider();
    expect(() => createSuite(suiteOptions(platform, { sealSecret: 'short' }))).toThrow(/sealSecret.*32/);
  });
});
