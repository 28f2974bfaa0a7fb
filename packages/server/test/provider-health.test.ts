import { createMemoryStore } from '@wxkit/core';
import { createSuite } from '@wxkit/core/provider';
import { describe, expect, it } from 'vitest';
import {
  fakeProvider,
  manualClock,
  SUITE_SECRET,
  suiteOptions,
} from '../../core/test/helpers/fake-provider.js';
import { createHealthHandler, type HealthReply } from '../src/index.js';

describe('the readiness probe of a provider app', () => {
  it("is ready only while a live suite_ticket is in the store, says its age, and never a ticket's value", async () => {
    const clock = manualClock();
    const store = createMemoryStore({ clock: clock.now });
    const platform = fakeProvider();
    const suite = createSuite(suiteOptions(platform, { store, clock: clock.now }));
    const health = createHealthHandler({ suite, store, clock: clock.now });
    const ask = async () => {
      const response = await health(new Request('http://localhost/healthz'));
      const text = await response.text();
      return { status: response.status, text, body: JSON.parse(text) as HealthReply };
    };

    const none = await ask();
    expect(none.status).toBe(503);
    expect(none.body.suiteTicket).toEqual({ live: false });

    const ticket = platform.pushTicket('wwsuite1');
    await suite.tickets.receive(ticket);
    clock.advance(125_000);
    const live = await ask();
    expect(live.status).toBe(200);
    expect(live.body.suiteTicket).toEqual({ live: true, ageSeconds: 125 });
    expect(live.text).not.toContain(ticket);
    expect(live.text).not.toContain(SUITE_SECRET);
    expect(live.text).not.toMatch(/SUITE_wwsuite1_/);

    // 30 minutes on, no new push: the suite token may still be cached, but no new one could be fetched.
    clock.advance(29 * 60_000);
    const stale = await ask();
    expect(stale.status).toBe(503);
    // The store keeps a ticket record only as long as its newest ticket lives.
    expect(stale.body.suiteTicket).toEqual({ live: false });
  });

  it('refuses to be created with both a client and a suite, or neither', () => {
    const store = createMemoryStore();
    const suite = createSuite(suiteOptions(fakeProvider(), { store }));
    expect(() => createHealthHandler({ suite, client: {} as never, store })).toThrow(/one of the two/);
    expect(() => createHealthHandler({ store } as never)).toThrow(/needs `client`/);
  });
});
