import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createWeCom, jsapiSignature, silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed, type Emulator } from '@wxkit/emulator';
import { DEMO_WECOM } from '@wxkit/test-support';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, WECOM_UA } from './helpers/browser.js';

let browser: Browser;
let emulator: Emulator;
let site: Server;
let origin: string;

const PAGE = (
  emu: string,
  config: string,
) => `<!doctype html><html><body><h1>JS-SDK bridge test</h1><p id="out">waiting</p>
<script src="${emu}/jssdk/bridge.js"></script><script src="${emu}/open/js/jweixin-1.2.0.js"></script>
<script>
  const out = document.getElementById('out');
  wx.config(${config});
  wx.error((e) => { out.textContent = 'error:' + e.errMsg; });
  wx.ready(() => { if (!out.textContent.startsWith('error:')) out.textContent = 'ready'; });
</script></body></html>`;

beforeAll(async () => {
  site = createServer();
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const seed = defaultSeed();
  seed.wecom[0]!.apps[0]!.trustedDomains.push(new URL(origin).host);
  emulator = await createEmulator({ port: 0, seed });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  await new Promise((resolve) => site?.close(resolve));
});

async function openWith(
  config: (url: string) => Promise<Record<string, unknown>>,
  shot: string,
): Promise<string> {
  const url = `${origin}/page?x=1`;
  const body = PAGE(emulator.url, JSON.stringify(await config(url)));
  site.removeAllListeners('request');
  site.on('request', (_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body),
  );
  const page = await browser.newPage({ userAgent: WECOM_UA });
  await page.goto(`${url}#/a/route`);
  await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'waiting', undefined, {
    timeout: 15_000,
  });
  await page.screenshot({ path: join(ARTIFACTS, shot) });
  const text = (await page.textContent('#out')) ?? '';
  await page.close();
  return text;
}

describe('the JS-SDK bridge with the official weixin-js-sdk', () => {
  const client = () =>
    createWeCom({
      corpId: 'ww0123456789abcdef',
      corpSecret: DEMO_WECOM.corpSecret,
      agentId: 1000002,
      env: { WXKIT_EMULATOR_HOST: emulator.host },
      logger: silentLogger,
    });

  it('reaches wx.ready with a signature made by core', async () => {
    const result = await openWith(async (url) => {
      const config = await client().jssdk.config({ url, jsApiList: ['closeWindow'] });
      return { ...config, debug: false };
    }, 'bridge-ready.png');
    expect(result).toBe('ready');
  });

  it('reaches wx.error with the real message when the signature is wrong', async () => {
    const result = await openWith(async (url) => {
      const ticket = await client().getJsapiTicket();
      const wrong = jsapiSignature({
        ticket,
        nonceStr: 'abc',
        timestamp: 1,
        url: `${url}&tampered=1`,
      }).signature;
      return {
        beta: true,
        appId: 'ww0123456789abcdef',
        timestamp: 1,
        nonceStr: 'abc',
        signature: wrong,
        jsApiList: ['closeWindow'],
      };
    }, 'bridge-invalid-signature.png');
    expect(result).toBe('error:config:invalid signature');
    const journal = (await (await fetch(`${emulator.url}/_emulator/journal`)).json()) as {
      entries: { note?: string }[];
    };
    expect(journal.entries.at(-1)?.note).toMatch(
      /expected the signature of "jsapi_ticket=.+&noncestr=abc&timestamp=1&url=http:\/\/127\.0\.0\.1:\d+\/page\?x=1"/,
    );
  });

  it('lets the official @wecom/jssdk register with an agent signature from core and call an API', async () => {
    const wecom = client();
    const sdk = readFileSync(
      createRequire(import.meta.url).resolve('@wecom/jssdk/dist/wecom.global.js'),
      'utf8',
    );
    site.removeAllListeners('request');
    site.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname === '/wecom.js')
        return res.writeHead(200, { 'content-type': 'text/javascript' }).end(sdk);
      if (url.pathname === '/sign') {
        void wecom.jssdk
          .agentConfigSignature(url.searchParams.get('url') ?? '')
          .then((signed) =>
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(signed)),
          );
        return;
      }
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><p id="out">waiting</p>
<script src="${emulator.url}/jssdk/bridge.js"></script><script src="/wecom.js"></script>
<script>
  ww.register({ corpId: 'ww0123456789abcdef', agentId: 1000002, jsApiList: ['getLocation'],
    getAgentConfigSignature: (url) => fetch('/sign?url=' + encodeURIComponent(url)).then((r) => r.json()) });
  ww.ensureConfigReady().then(() => ww.getLocation()).then(
    (r) => { document.getElementById('out').textContent = 'ready:' + r.latitude; },
    (e) => { document.getElementById('out').textContent = 'error:' + (e.errMsg || e.message); });
</script>`);
    });
    const page = await browser.newPage({ userAgent: WECOM_UA });
    await page.goto(`${origin}/ww?x=1#/route`);
    await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'waiting', undefined, {
      timeout: 15_000,
    });
    const text = (await page.textContent('#out')) ?? '';
    await page.screenshot({ path: join(ARTIFACTS, 'bridge-wecom-jssdk.png') });
    await page.close();
    expect(text).toBe('ready:39.908823');
  });
});
