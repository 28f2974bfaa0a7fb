import { silentLogger } from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { DEMO_CALLBACK, demoWeCom } from '@wxkit/test-support';
import { describe, expect, it, vi } from 'vitest';
import { createWxServer } from '../src/index.js';

/**
 * The emulator retries a push the app did not answer in time, as the platform does; the app's duplicate check
 * (FromUserName + CreateTime for events, MsgId for messages) must see the retry and not run the handler twice.
 * The emulator is handed the app's `handle`: no port on either side.
 */
describe('the app meets the platform retrying an unanswered callback', () => {
  it('runs the handler once when a slow first answer is dropped and the same event comes again', async () => {
    const base = Date.now();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let handled = 0;
    const answers: (string | null)[] = [];
    let wx: ReturnType<typeof createWxServer> | undefined;
    const emu = await createEmulator({
      clock: () => base,
      pushTimeoutMs: 50,
      appFetch: async (input, init) => {
        const response = (await wx?.handle(new Request(input, init))) ?? new Response('', { status: 404 });
        answers.push(response.headers.get('x-wxkit-duplicate'));
        return response;
      },
    });
    wx = createWxServer({
      wecom: demoWeCom(emu, { clock: emu.now }),
      session: { secret: 'a-test-secret-that-is-long-enough-0123' },
      callback: DEMO_CALLBACK,
      clock: emu.now,
      logger: silentLogger,
    });
    wx.on('click', async () => {
      handled++;
      // Slower than the platform waits: the emulator drops the connection and will try again.
      if (handled === 1) await gate;
      return 'ok';
    });
    const fired = await emu.fetch('/_emulator/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'click', key: 'CONTACT_HR' }),
    });
    expect(await fired.json()).toMatchObject({
      error: { code: 'not_delivered', message: expect.stringMatching(/no answer within/) },
    });
    release();
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    emu.advance(5);
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    expect(handled).toBe(1);
    expect(answers[1]).toBe('1');
    await emu.close();
  });

  it('gets the event again after its handler failed and the kit answered 500, and handles it then', async () => {
    const base = Date.now();
    const statuses: number[] = [];
    let wx: ReturnType<typeof createWxServer> | undefined;
    const emu = await createEmulator({
      clock: () => base,
      appFetch: async (input, init) => {
        const response = (await wx?.handle(new Request(input, init))) ?? new Response('', { status: 404 });
        statuses.push(response.status);
        return response;
      },
    });
    wx = createWxServer({
      wecom: demoWeCom(emu, { clock: emu.now }),
      session: { secret: 'a-test-secret-that-is-long-enough-0123' },
      callback: DEMO_CALLBACK,
      clock: emu.now,
      logger: silentLogger,
    });
    let calls = 0;
    wx.on('click', () => {
      calls++;
      if (calls === 1) throw new Error('database down');
      return 'ok';
    });
    await emu.fetch('/_emulator/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'click', key: 'CONTACT_HR' }),
    });
    expect(statuses).toEqual([500]);
    emu.advance(5);
    await vi.waitFor(() => expect(statuses).toEqual([500, 200]));
    expect(calls).toBe(2);
    await emu.close();
  });
});
