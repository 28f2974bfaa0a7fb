import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, silentLogger } from '@wxkit/core';
import { createSuite, providerKey } from '@wxkit/core/provider';
import { createWxServer } from '@wxkit/server';
import { describe, expect, it } from 'vitest';
import {
  fakeProvider,
  manualClock,
  SUITE_SECRET,
  suiteOptions,
} from '../../core/test/helpers/fake-provider.js';
import { run } from '../src/index.js';
import { diagnoseProvider } from '../src/provider-doctor.js';
import { capture } from './helpers.js';

const KEYS = { token: 'IsvToken1', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
const PROVIDER = 'wwprovider0001';
const URLS = {
  commandsUrl: 'https://isv.example.com/wx/suite/commands',
  dataUrl: 'https://isv.example.com/wx/events/$CORPID$',
};

/** A provider app answering in-process, on the fake platform; `ticket: false` leaves the store without one. */
async function world({ ticket = true } = {}) {
  const clock = manualClock();
  const store = createMemoryStore({ clock: clock.now });
  const platform = fakeProvider();
  const suite = createSuite(suiteOptions(platform, { store, clock: clock.now }));
  const pushed = platform.pushTicket('wwsuite1');
  await suite.tickets.receive(pushed);
  for (const corp of ['wwcorpA', 'wwcorpB'])
    await suite.completeInstall(platform.authorise('wwsuite1', corp));
  if (!ticket) await store.delete(providerKey({ kind: 'suite_ticket', suiteId: 'wwsuite1' }));
  clock.advance(4 * 60_000);
  const wx = createWxServer({
    suite,
    store,
    session: { secret: 'a-test-secret-that-is-long-enough-0123' },
    publicUrl: 'https://isv.example.com',
    commands: { ...KEYS, providerCorpId: PROVIDER },
    callback: KEYS,
    clock: clock.now,
    logger: silentLogger,
    schedule: () => {},
  });
  const app: typeof fetch = async (url, init) =>
    (await wx.handle(new Request(url as URL, init))) ?? new Response('not found', { status: 404 });
  const input = {
    suiteId: 'wwsuite1',
    store,
    suiteSecret: SUITE_SECRET,
    ...KEYS,
    providerCorpId: PROVIDER,
    ...URLS,
    env: {},
    clock: clock.now,
  };
  return { input, app, platform, pushed };
}

const byName = (checks: { name: string; status: string; detail: string }[]) =>
  Object.fromEntries(checks.map((c) => [c.name, c]));

describe('wxkit doctor --provider', () => {
  it('checks the ticket age, get_suite_token, both callback URLs and counts the tenants, naming no secret', async () => {
    const { input, app, platform, pushed } = await world();
    const report = await diagnoseProvider(input, app, platform.fetch);
    const checks = byName(report.checks);
    expect(report.ok).toBe(true);
    expect(checks['suite_ticket']).toMatchObject({ status: 'ok', detail: 'pushed 4 min ago' });
    expect(checks['suite credentials']?.status).toBe('ok');
    expect(checks['command URL']?.status).toBe('ok');
    expect(checks['data URL']?.status).toBe('ok');
    expect(checks['tenants']?.detail).toMatch(/^2 corp/);
    const text = JSON.stringify(report);
    for (const secret of [SUITE_SECRET, pushed, KEYS.encodingAESKey]) expect(text).not.toContain(secret);
  });

  it('reports a missing ticket, a wrong suite secret, a data URL without $CORPID$ and a wrong callback key', async () => {
    const none = await world({ ticket: false });
    const noTicket = byName((await diagnoseProvider(none.input, none.app, none.platform.fetch)).checks);
    expect(noTicket['suite_ticket']?.status).toBe('problem');
    expect(noTicket['suite credentials']?.status).toBe('skipped');

    const { input, app, platform } = await world();
    const wrong = await diagnoseProvider(
      {
        ...input,
        suiteSecret: 'not-the-secret',
        dataUrl: 'https://isv.example.com/wx/events',
        token: 'OtherToken',
      },
      app,
      platform.fetch,
    );
    const checks = byName(wrong.checks);
    expect(wrong.ok).toBe(false);
    expect(checks['suite credentials']).toMatchObject({
      status: 'problem',
      detail: expect.stringMatching(/40080/),
    });
    expect(checks['data URL']).toMatchObject({
      status: 'problem',
      detail: expect.stringMatching(/no \$CORPID\$/),
    });
    expect(checks['command URL']).toMatchObject({
      status: 'problem',
      detail: expect.stringMatching(/HTTP 401/),
    });
  });

  it('says when the app cannot be reached', async () => {
    const { input, platform } = await world();
    const down: typeof fetch = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    const checks = byName((await diagnoseProvider(input, down, platform.fetch)).checks);
    expect(checks['command URL']).toMatchObject({
      status: 'problem',
      detail: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('runs from the command line on a file store and exits 1 on a problem, 2 without a suite', async () => {
    const c = capture({});
    expect(await run(['doctor', '--provider', '--json'], c.io)).toBe(2);
    const path = join(await mkdtemp(join(tmpdir(), 'wxkit-pdoctor-')), 'store.json');
    const d = capture({});
    expect(await run(['doctor', '--provider', '--suite', 'wwsuite1', '--store', path, '--json'], d.io)).toBe(
      1,
    );
    const report = JSON.parse(d.text()) as { platform: string; checks: { name: string; status: string }[] };
    expect(report.platform).toBe('provider');
    expect(byName(report.checks as never)['suite_ticket']?.status).toBe('problem');
    expect(byName(report.checks as never)['suite credentials']?.status).toBe('skipped');
  });
});
