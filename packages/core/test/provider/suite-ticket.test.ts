import { describe, expect, it } from 'vitest';
import { isWxConfigError } from '../../src/index.js';
import { createSuite, SUITE_TICKET_LIFETIME_MS } from '../../src/provider/index.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { fakeProvider, manualClock, suiteOptions } from '../helpers/fake-provider.js';

const setup = () => {
  const clock = manualClock();
  const store = createMemoryStore({ clock: clock.now });
  const platform = fakeProvider();
  const make = () => createSuite(suiteOptions(platform, { store, clock: clock.now }));
  return { clock, store, platform, make };
};

describe('suite_ticket intake', () => {
  it('hands a ticket received by one instance to every other instance and to a restarted one', async () => {
    const { platform, make } = setup();
    const receiver = make();
    const other = make();
    await receiver.tickets.receive(platform.pushTicket('wwsuite1'));
    expect(await other.getSuiteAccessToken()).toMatch(/^SUITE_wwsuite1_/);
    const restarted = make();
    expect((await restarted.tickets.current()).latest.value).toMatch(/^TICKET_wwsuite1_/);
  });

  it('keeps a ticket its full 30 minutes (not 10) and no longer', async () => {
    const { platform, clock, make } = setup();
    const suite = make();
    const ticket = platform.pushTicket('wwsuite1');
    await suite.tickets.receive(ticket, clock.now() / 1000);
    clock.advance(SUITE_TICKET_LIFETIME_MS - 60_000);
    expect((await suite.tickets.current()).latest.value).toBe(ticket);
    clock.advance(60_000);
    await expect(suite.tickets.current()).rejects.toThrow(/40085/);
  });

  it('uses the newest ticket by push time, so a late retry of an older push does not displace it', async () => {
    const { platform, clock, make } = setup();
    const suite = make();
    const older = platform.pushTicket('wwsuite1');
    const newer = platform.pushTicket('wwsuite1');
    const t = clock.now() / 1000;
    await suite.tickets.receive(newer, t);
    await suite.tickets.receive(older, t - 600);
    const held = await suite.tickets.current();
    expect(held.latest.value).toBe(newer);
    expect(held.previous?.value).toBe(older);
  });

  it('keeps both of two pushes received by two instances at the same moment', async () => {
    const { platform, clock, make } = setup();
    const [a, b] = [make(), make()];
    const first = platform.pushTicket('wwsuite1');
    const second = platform.pushTicket('wwsuite1');
    const t = clock.now() / 1000;
    await Promise.all([a.tickets.receive(first, t - 1), b.tickets.receive(second, t)]);
    expect(await a.tickets.current()).toMatchObject({
      latest: { value: second },
      previous: { value: first },
    });
  });

  it('falls back to the previous ticket once when the platform refuses the newest (40085)', async () => {
    const { platform, clock, make } = setup();
    const suite = make();
    const good = platform.pushTicket('wwsuite1');
    await suite.tickets.receive(good, clock.now() / 1000 - 60);
    // A ticket the platform never issued for this suite (mis-delivered), newer than the good one.
    await suite.tickets.receive(`FORGED_${'y'.repeat(40)}`, clock.now() / 1000);
    expect(await suite.getSuiteAccessToken()).toMatch(/^SUITE_wwsuite1_/);
    const sent = platform.bodies.filter((b) => (b as { suite_ticket?: string })?.suite_ticket);
    expect(sent.map((b) => (b as { suite_ticket: string }).suite_ticket)).toEqual([
      `FORGED_${'y'.repeat(40)}`,
      good,
    ]);
  });

  it('says which errcode and what to do when no ticket has arrived yet, without calling the platform', async () => {
    const { platform, make } = setup();
    const error = await make()
      .getSuiteAccessToken()
      .catch((e: unknown) => e);
    expect(isWxConfigError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(
      /no live suite_ticket.*none ever arrived.*40085.*command callback/s,
    );
    expect(platform.calls).toHaveLength(0);
  });

  it('refuses an empty or padded ticket, naming the field', async () => {
    const { make } = setup();
    await expect(make().tickets.receive('')).rejects.toThrow(/`suiteTicket` is required/);
    await expect(make().tickets.receive(' T ')).rejects.toThrow(/`suiteTicket` has leading/);
  });

  it("never mixes two suites' tickets", async () => {
    const clock = manualClock();
    const store = createMemoryStore({ clock: clock.now });
    const platform = fakeProvider(['wwsuite1', 'wwsuite2']);
    const one = createSuite(suiteOptions(platform, { store, clock: clock.now }));
    const two = createSuite(suiteOptions(platform, { store, clock: clock.now, suiteId: 'wwsuite2' }));
    await one.tickets.receive(platform.pushTicket('wwsuite1'));
    await expect(two.tickets.current()).rejects.toThrow(/40085/);
    await two.tickets.receive(platform.pushTicket('wwsuite2'));
    expect(await one.getSuiteAccessToken()).toMatch(/^SUITE_wwsuite1_/);
    expect(await two.getSuiteAccessToken()).toMatch(/^SUITE_wwsuite2_/);
  });
});
