import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { jsapiSignature } from '@wxkit/core';
import { demoWeCom, UA } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { readOut, serve, serveHtml, useStage } from './helpers/stage.js';

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

const stage = useStage();

async function openWith(
  config: (url: string) => Promise<Record<string, unknown>>,
  shot: string,
): Promise<string> {
  const url = `${stage.origin}/page?x=1`;
  serveHtml(stage, PAGE(stage.emulator.url, JSON.stringify(await config(url))));
  return readOut(stage, `${url}#/a/route`, { userAgent: UA.wecomAndroid, shot });
}

describe('the JS-SDK bridge with the official weixin-js-sdk', () => {
  const client = () => demoWeCom(stage.emulator);

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
    // WeCom clients prefix fail, (old audit L13); jweixin passes the text on.
    expect(result).toBe('error:config:fail,invalid signature');
    const journal = (await (await fetch(`${stage.emulator.url}/_emulator/journal`)).json()) as {
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
    serve(stage, (req, res) => {
      const url = new URL(req.url ?? '/', stage.origin);
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
<script src="${stage.emulator.url}/jssdk/bridge.js"></script><script src="/wecom.js"></script>
<script>
  ww.register({ corpId: 'ww0123456789abcdef', agentId: 1000002, jsApiList: ['getLocation'],
    getAgentConfigSignature: (url) => fetch('/sign?url=' + encodeURIComponent(url)).then((r) => r.json()) });
  ww.ensureConfigReady().then(() => ww.getLocation()).then(
    (r) => { document.getElementById('out').textContent = 'ready:' + r.latitude; },
    (e) => { document.getElementById('out').textContent = 'error:' + (e.errMsg || e.message); });
</script>`);
    });
    const text = await readOut(stage, `${stage.origin}/ww?x=1#/route`, {
      userAgent: UA.wecomAndroid,
      shot: 'bridge-wecom-jssdk.png',
    });
    expect(text).toBe('ready:39.908823');
  });
});
