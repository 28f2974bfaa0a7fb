import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileStore, silentLogger } from '@wxkit/core';
import { createSuite } from '@wxkit/core/provider';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { capture } from './helpers.js';

const SEAL = 'a-seal-secret-of-at-least-32-characters!';

async function fileWithTenants(count: number) {
  const dir = await mkdtemp(join(tmpdir(), 'wxkit-cli-tenants-'));
  const path = join(dir, 'store.json');
  const suite = createSuite({
    suiteId: 'wwsuite1',
    suiteSecret: 's',
    sealSecret: SEAL,
    store: createFileStore({ path }),
    env: {},
    logger: silentLogger,
  });
  for (let i = 0; i < count; i++)
    await suite.tenants.add({
      corpId: `wwcorp${i}`,
      corpName: `Corp ${i}`,
      permanentCode: `PERMANENT-${i}-secret`,
      agentId: 1000001,
      kind: i % 2 ? 'customized' : 'third-party',
    });
  return { dir, path, suite };
}

describe('wxkit tenants', () => {
  it('lists the tenants of a suite from a file store, and no permanent code', async () => {
    const { path } = await fileWithTenants(3);
    const c = capture();
    expect(await run(['tenants', '--suite', 'wwsuite1', '--store', path], c.io)).toBe(0);
    expect(c.out[0]).toMatch(/suite_ticket: none in the store/);
    expect(c.out[1]).toBe('corpId\tkind\tagentId\taddedAt\tcorpName');
    expect(
      c.out
        .slice(2)
        .map((l) => l.split('\t')[0])
        .sort(),
    ).toEqual(['wwcorp0', 'wwcorp1', 'wwcorp2']);
    expect(c.text()).not.toMatch(/PERMANENT/);
  });

  it('shows how old the last suite_ticket is', async () => {
    const { path, suite } = await fileWithTenants(1);
    await suite.tickets.receive('T'.repeat(64), Math.floor(Date.now() / 1000) - 12 * 60);
    const c = capture();
    expect(await run(['tenants', '--suite', 'wwsuite1', '--store', path], c.io)).toBe(0);
    expect(c.out[0]).toMatch(/suite_ticket: pushed 12 min ago \(valid\)/);
  });

  it('pages with --limit and --cursor, or walks every page with --all as JSON', async () => {
    const { path } = await fileWithTenants(5);
    const first = capture({ WXKIT_SUITE_ID: 'wwsuite1', WXKIT_STORE: path });
    expect(await run(['tenants', '--limit', '2', '--json'], first.io)).toBe(0);
    const page = JSON.parse(first.out.join(''));
    expect(page.tenants).toHaveLength(2);
    expect(page.cursor).toBeDefined();
    const all = capture({ WXKIT_SUITE_ID: 'wwsuite1', WXKIT_STORE: path });
    expect(await run(['tenants', '--limit', '2', '--all', '--json'], all.io)).toBe(0);
    expect(JSON.parse(all.out.join('')).tenants).toHaveLength(5);
  });

  it('says what is missing', async () => {
    const c = capture();
    expect(await run(['tenants', '--store', 'x.json'], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/--suite/);
    const d = capture();
    expect(await run(['tenants', '--suite', 'ww1', '--store', 'x.json', '--limit', '0'], d.io)).toBe(2);
  });
});
