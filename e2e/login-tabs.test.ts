import { createEmulator, defaultSeed, type Emulator } from '@wxkit/emulator';
import { freePort, UA } from '@wxkit/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jssdkState, launchChromium, shot } from './helpers/browser.js';
import { type KitSite, startKitSite } from './helpers/kit-site.js';

let browser: Browser;
let emulator: Emulator;
let site: KitSite;

beforeAll(async () => {
  const port = await freePort();
  const seed = defaultSeed();
  const app = seed.wecom[0]!.apps[0]!;
  app.trustedDomains = [`localhost:${port}`];
  emulator = await createEmulator({ port: 0, seed });
  site = await startKitSite({ platform: 'wecom', emulatorHost: emulator.host, port, jsApiList: [] });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await emulator?.close();
});

const outcome = (page: Page) => jssdkState(page, 20_000);

describe('two tabs of one browser logging in at once (two app links opened together)', () => {
  it('logs both tabs in, each on its own page, with no state_mismatch and no loop-guard page', async () => {
    const context = await browser.newContext({ userAgent: UA.wecomIOS });
    const [one, two] = [await context.newPage(), await context.newPage()];
    // Both navigations start before either login's Set-Cookie comes back.
    await Promise.all([one.goto(`${site.url}/app?tab=1`), two.goto(`${site.url}/app?tab=2`)]);
    await Promise.all([
      one.waitForSelector('[data-login-as="lisi"]'),
      two.waitForSelector('[data-login-as="lisi"]'),
    ]);
    await Promise.all([one.click('[data-login-as="lisi"]'), two.click('[data-login-as="lisi"]')]);
    const states = await Promise.all([outcome(one), outcome(two)]);
    await shot(two, 'login-two-tabs.png');
    expect(states).toEqual(['ready', 'ready']);
    expect([one.url(), two.url()]).toEqual([`${site.url}/app?tab=1`, `${site.url}/app?tab=2`]);
    expect(await one.textContent('#who')).toBe('李四');
    expect(await two.textContent('#who')).toBe('李四');
    await context.close();
  });
});
