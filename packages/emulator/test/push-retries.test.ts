import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createEmulator, type Emulator } from '../src/index.js';
import { get, OA, post } from './helpers.js';

interface Delivery {
  platform: string;
  attempt: number;
  status: number;
  error?: string;
  type: string;
}

const deliveries = async (emu: Emulator) =>
  (await get(emu, '/_emulator/deliveries'))['deliveries'] as Delivery[];
const pushes = async (emu: Emulator) =>
  ((await get(emu, '/_emulator/journal'))['entries'] as { method: string; note?: string }[]).filter(
    (e) => e.method === 'PUSH',
  );

/** An app that is down: every push fails to connect, as a closed port does. */
const down = async () => {
  throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
};

const fixedClock = () => {
  const base = Date.now();
  return () => base;
};

describe('one way out: every push the emulator makes to an app', () => {
  it('tries an unanswered WeCom callback three times in all, 5 s apart on the emulator clock, each try in the journal', async () => {
    const emu = await createEmulator({ clock: fixedClock(), appFetch: down });
    const first = await emu.fetch('/_emulator/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'click', key: 'CONTACT_HR' }),
    });
    expect(first.status).toBe(400);
    expect(await deliveries(emu)).toHaveLength(1);
    emu.advance(4);
    expect(await deliveries(emu)).toHaveLength(1);
    emu.advance(1);
    await vi.waitFor(async () => expect(await deliveries(emu)).toHaveLength(2));
    emu.advance(5);
    await vi.waitFor(async () => expect(await deliveries(emu)).toHaveLength(3));
    emu.advance(60);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const log = await deliveries(emu);
    expect(log.map((d) => [d.platform, d.attempt, d.status])).toEqual([
      ['wecom', 1, 0],
      ['wecom', 2, 0],
      ['wecom', 3, 0],
    ]);
    expect((await pushes(emu)).map((e) => e.note?.match(/try \d\/3/)?.[0])).toEqual([
      'try 1/3',
      'try 2/3',
      'try 3/3',
    ]);
  });

  it('drops a push the app does not answer within the limit and tries it again', async () => {
    let calls = 0;
    const emu = await createEmulator({
      clock: fixedClock(),
      pushTimeoutMs: 20,
      appFetch: () => {
        calls++;
        // The first try hangs; the second is answered.
        return calls === 1 ? new Promise<Response>(() => undefined) : Promise.resolve(new Response(''));
      },
    });
    const first = await post(emu, '/_emulator/events', { type: 'click', key: 'CONTACT_HR' });
    expect(first).toMatchObject({
      error: { code: 'not_delivered', message: expect.stringMatching(/no answer within 20 ms/) },
    });
    emu.advance(5);
    await vi.waitFor(async () => expect((await deliveries(emu)).at(-1)?.status).toBe(200));
    emu.advance(60);
    expect(calls).toBe(2);
  });

  it('does not try again a push the app answered', async () => {
    const emu = await createEmulator({ clock: fixedClock(), appFetch: async () => new Response('') });
    expect(await post(emu, '/_emulator/events', { type: 'click', key: 'CONTACT_HR' })).toMatchObject({
      status: 200,
    });
    emu.advance(60);
    expect((await deliveries(emu)).map((d) => d.attempt)).toEqual([1]);
  });

  it('sends Official Account pushes the same way, through the same log', async () => {
    let up = true;
    const emu = await createEmulator({
      clock: fixedClock(),
      appFetch: async (input) => {
        if (!up) return down();
        // The MP console's URL check: echo the echostr.
        return new Response(
          new URL(String(input instanceof Request ? input.url : input)).searchParams.get('echostr'),
        );
      },
    });
    expect(
      await post(emu, '/_emulator/oa/callback', { url: 'http://app.test/wx/oa', token: 'OaToken123' }),
    ).toMatchObject({ ok: true });
    up = false;
    const first = await post(emu, '/_emulator/oa/events', { type: 'CLICK', key: 'K' });
    expect(first).toMatchObject({ status: 0, retryAt: emu.now() + 5000 });
    emu.advance(5);
    await vi.waitFor(async () => expect(await deliveries(emu)).toHaveLength(2));
    emu.advance(5);
    await vi.waitFor(async () => expect(await deliveries(emu)).toHaveLength(3));
    const saved = await get(emu, `/_emulator/oa/callback?appId=${OA}`);
    expect((saved['deliveries'] as Delivery[]).map((d) => [d.platform, d.attempt, d.type])).toEqual([
      ['oa', 1, 'CLICK'],
      ['oa', 2, 'CLICK'],
      ['oa', 3, 'CLICK'],
    ]);
  });

  it('tries again a push the app answered with HTTP 500 (only 200 counts as received, doc 90238)', async () => {
    const statuses = [500, 200];
    const emu = await createEmulator({
      clock: fixedClock(),
      appFetch: async () => new Response('', { status: statuses.shift() ?? 200 }),
    });
    const first = await post(emu, '/_emulator/events', { type: 'click', key: 'CONTACT_HR' });
    expect(first).toMatchObject({
      error: { code: 'not_delivered', message: expect.stringMatching(/HTTP 500/) },
    });
    emu.advance(5);
    await vi.waitFor(async () => expect(await deliveries(emu)).toHaveLength(2));
    emu.advance(60);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await deliveries(emu)).map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
  });

  it('keeps the tries still due in a named snapshot and sends them after a restore', async () => {
    const emu = await createEmulator({ clock: fixedClock(), appFetch: down });
    await post(emu, '/_emulator/events', { type: 'click', key: 'CONTACT_HR' });
    expect(await post(emu, '/_emulator/snapshots', { name: 'due' })).toMatchObject({ ok: true });
    emu.advance(5);
    await vi.waitFor(async () => expect(await deliveries(emu)).toHaveLength(2));
    expect(await post(emu, '/_emulator/snapshots/due/restore', {})).toMatchObject({ ok: true });
    expect((await deliveries(emu)).map((d) => d.attempt)).toEqual([1]);
    emu.advance(5);
    await vi.waitFor(async () => expect((await deliveries(emu)).map((d) => d.attempt)).toEqual([1, 2]));
    emu.advance(5);
    await vi.waitFor(async () => expect((await deliveries(emu)).map((d) => d.attempt)).toEqual([1, 2, 3]));
  });

  it('keeps the tries still due across --export-on-exit and --import', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emu-pending-'));
    const clock = fixedClock();
    let emu = await createEmulator({ clock, appFetch: down, exportOnExit: dir });
    await post(emu, '/_emulator/events', { type: 'click', key: 'CONTACT_HR' });
    await emu.close();
    const calls: string[] = [];
    emu = await createEmulator({
      clock,
      import: dir,
      appFetch: async (input) => {
        calls.push(String(input));
        return new Response('');
      },
    });
    emu.advance(5);
    await vi.waitFor(async () =>
      expect((await deliveries(emu)).map((d) => [d.attempt, d.status])).toEqual([
        [1, 0],
        [2, 200],
      ]),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/msg_signature=/);
    await emu.close();
  });

  it('forgets the retries still due when it is reset', async () => {
    const emu = await createEmulator({ clock: fixedClock(), appFetch: down });
    await post(emu, '/_emulator/events', { type: 'click', key: 'CONTACT_HR' });
    await emu.reset();
    emu.advance(10);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await deliveries(emu)).toEqual([]);
  });
});
