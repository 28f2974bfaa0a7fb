import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createOfficialAccount, silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed, type Emulator } from '@wxkit/emulator';
import { DEMO_OA, UA } from '@wxkit/test-support';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium } from './helpers/browser.js';

let browser: Browser;
let emulator: Emulator;
let site: Server;
let origin: string;

// An Official Account page: WeChat's user agent, jweixin and wx.config signed by the account (no agentConfig).
const PAGE = (emu: string, config: string) => `<!doctype html><html><body><p id="out">waiting</p>
<script src="${emu}/jssdk/bridge.js?client=wechat"></script><script src="${emu}/open/js/jweixin-1.6.0.js"></script>
<script>
  const out = document.getElementById('out');
  const step = (fn, args) => new Promise((resolve, reject) => fn(Object.assign({}, args, { success: resolve, fail: reject })));
  wx.config(${config});
  wx.error((e) => { out.textContent = 'error:' + e.errMsg; });
  wx.ready(async () => {
    try {
      const chosen = await step(wx.chooseImage, { count: 1, sizeType: ['compressed'], sourceType: ['album'] });
      const localId = chosen.localIds[0];
      const local = await step(wx.getLocalImgData, { localId });
      const up = await step(wx.uploadImage, { localId, isShowProgressTips: 0 });
      out.textContent = JSON.stringify({ serverId: up.serverId, localData: local.localData });
    } catch (e) { out.textContent = 'error:' + (e && e.errMsg); }
  });
</script></body></html>`;

beforeAll(async () => {
  site = createServer();
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const seed = defaultSeed();
  seed.officialAccounts[0]?.jsDomains.push(new URL(origin).host);
  emulator = await createEmulator({ port: 0, seed });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  await new Promise((resolve) => site?.close(resolve));
});

describe('a photo from an Official Account page: chooseImage → uploadImage → the server fetches it with media/get', () => {
  it('gives the OA server the very picture the OA page chose', async () => {
    const oa = createOfficialAccount({
      ...DEMO_OA,
      env: { WXKIT_EMULATOR_HOST: emulator.host },
      logger: silentLogger,
    });
    const url = `${origin}/photo`;
    const config = await oa.jssdk.config({
      url,
      jsApiList: ['chooseImage', 'getLocalImgData', 'uploadImage'],
    });
    const body = PAGE(emulator.url, JSON.stringify(config));
    site.on('request', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body),
    );
    const page = await browser.newPage({ userAgent: UA.wechatIOS });
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'waiting', undefined, {
      timeout: 15_000,
    });
    await page.screenshot({ path: join(ARTIFACTS, 'oa-photo-upload.png') });
    const text = (await page.textContent('#out')) ?? '';
    await page.close();
    expect(text).not.toMatch(/^error:/);
    const { serverId, localData } = JSON.parse(text) as Record<string, string>;
    const file = await oa.media.get(serverId ?? '');
    expect(file.contentType).toBe('image/jpeg');
    const chosen = Buffer.from(String(localData).replace(/^data:[^,]*,/, ''), 'base64');
    expect(Buffer.from(file.data).equals(chosen)).toBe(true);
  });
});
