import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed, type Emulator } from '@wxkit/emulator';
import { loadConfig, startSurvey } from '@wxkit/example-survey';
import { freePort, UA } from '@wxkit/test-support';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jssdkState, launchChromium, shot } from './helpers/browser.js';
import { type KitSite, startKitSite } from './helpers/kit-site.js';

let browser: Browser;
let emulator: Emulator;
let survey: Awaited<ReturnType<typeof startSurvey>>;
let surveyUrl: string;
let wecomSite: KitSite;
let wecomSdkSite: KitSite;
let oaSite: KitSite;

beforeAll(async () => {
  const [surveyPort, wecomPort, wecomSdkPort, oaPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const hosts = [surveyPort, wecomPort, wecomSdkPort].map((p) => `localhost:${p}`);
  const seed = defaultSeed();
  const app = seed.wecom[0]!.apps[0]!;
  app.trustedDomains = hosts;
  app.homeUrl = `http://localhost:${surveyPort}/`;
  const account = seed.officialAccounts[0]!;
  account.oauthDomains = [`localhost:${oaPort}`];
  account.jsDomains = [`localhost:${oaPort}`];
  emulator = await createEmulator({ port: 0, seed });
  const dir = await mkdtemp(join(tmpdir(), 'clients-e2e-'));
  survey = await startSurvey({
    config: loadConfig({
      PORT: String(surveyPort),
      WXKIT_EMULATOR_HOST: emulator.host,
      SURVEY_DB: join(dir, 'survey.db'),
    }),
    host: '127.0.0.1',
    logger: silentLogger,
  });
  surveyUrl = `http://localhost:${surveyPort}`;
  const site = { emulatorHost: emulator.host, jsApiList: ['closeWindow', 'getLocation'] };
  [wecomSite, wecomSdkSite, oaSite] = await Promise.all([
    startKitSite({ ...site, platform: 'wecom', port: wecomPort }),
    startKitSite({ ...site, platform: 'wecom', port: wecomSdkPort, wecomSdk: true }),
    startKitSite({ ...site, platform: 'oa', port: oaPort }),
  ]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([wecomSite?.close(), wecomSdkSite?.close(), oaSite?.close(), survey?.close()]);
  await emulator?.close();
});

const journalNotes = async () =>
  (
    (await (await fetch(`${emulator.url}/_emulator/journal`)).json()) as {
      entries: { path: string; note?: string; errcode: number }[];
    }
  ).entries.filter((e) => e.path.startsWith('wx.'));

describe('the survey in real Chromium with the WeCom clients of both phones', () => {
  for (const [name, userAgent] of [
    ['iPhone', UA.wecomIOS],
    ['Android', UA.wecomAndroid],
  ] as const) {
    it(`logs in and reaches wx.ready (config and agentConfig) with the ${name} WeCom user agent`, async () => {
      const page = await browser.newPage({ userAgent, viewport: { width: 390, height: 844 } });
      await page.goto(`${surveyUrl}/`);
      await page.click('[data-login-as="zhangsan"]');
      await page.waitForSelector('#member-name');
      expect(await page.textContent('#member-name')).toBe('张三');
      expect(await jssdkState(page)).toBe('ready');
      await shot(page, `survey-${name.toLowerCase()}-wecom.png`, { fullPage: false });
      await page.close();
    });
  }
});

describe('one document that logs in, strips ?code&state with replaceState, then calls ready()', () => {
  it('reaches wx.ready on iPhone WeCom, which verifies the URL after the code was stripped', async () => {
    const page = await browser.newPage({ userAgent: UA.wecomIOS });
    await page.goto(`${wecomSite.url}/app?x=1`);
    await page.click('[data-login-as="lisi"]');
    expect(await jssdkState(page)).toBe('ready');
    expect(page.url()).toBe(`${wecomSite.url}/app?x=1`);
    const signed = (await journalNotes()).filter((e) => e.note?.includes(wecomSite.host));
    expect(signed.at(-1)?.note).toBe(`signed ${wecomSite.url}/app?x=1`);
    await page.close();
  });

  it('reaches ww.register on iPhone WeCom through @wecom/jssdk', async () => {
    const page = await browser.newPage({ userAgent: UA.wecomIOS });
    await page.goto(`${wecomSdkSite.url}/app?x=1`);
    await page.click('[data-login-as="lisi"]');
    expect(await jssdkState(page)).toBe('ready');
    expect(
      await page.evaluate(() => (window as unknown as { ww: { env: { isWeCom: boolean } } }).ww.env.isWeCom),
    ).toBe(true);
    await page.close();
  });

  it('reaches wx.ready on an Official Account page with the iPhone WeChat user agent, signing the landing URL', async () => {
    const page = await browser.newPage({ userAgent: UA.wechatIOS });
    await page.goto(`${oaSite.url}/app?x=1`);
    await page.click('[data-login-as="o-xiaoming"]');
    expect(await jssdkState(page)).toBe('ready');
    // The address bar lost the code, yet iOS WeChat verified (and the kit signed) the URL the page came in on.
    expect(page.url()).toBe(`${oaSite.url}/app?x=1`);
    const signed = (await journalNotes()).filter((e) => e.note?.includes(oaSite.host));
    expect(signed.at(-1)?.note).toMatch(new RegExp(`^signed ${oaSite.url}/app\\?x=1&code=[^&]+&state=`));
    await shot(page, 'oa-iphone-wechat.png', { fullPage: false });
    await page.close();
  });

  it('reaches wx.ready on an Official Account page with the Android WeChat user agent', async () => {
    const page = await browser.newPage({ userAgent: UA.wechatAndroid });
    await page.goto(`${oaSite.url}/app?y=2`);
    await page.click('[data-login-as="o-xiaohong"]');
    expect(await jssdkState(page)).toBe('ready');
    await page.close();
  });

  it('does not make an Official Account page look like WeCom in a plain browser', async () => {
    const page = await browser.newPage({ userAgent: UA.desktop });
    await page.goto(`${oaSite.url}/app?z=3`);
    await page.click('[data-login-as="o-xiaogang"]');
    expect(await jssdkState(page)).toBe('ready');
    const ua = await page.evaluate(() => navigator.userAgent);
    expect(ua).toContain('MicroMessenger/8.');
    expect(ua).not.toContain('wxwork');
    await page.close();
  });
});
