import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import {
  createMemoryStore,
  createOfficialAccount,
  createWeCom,
  type OfficialAccountClient,
  silentLogger,
  type WeComClient,
  type WxClient,
} from '@wxkit/core';
import { createWxServer } from '@wxkit/server';
import { toNodeListener } from '@wxkit/server/node';
import { DEMO_OA, DEMO_WECOM } from '@wxkit/test-support';

/** The README's page: one document that logs in (the code stripped with replaceState) and then calls ready(). */
const PAGE = (
  platform: 'wecom' | 'oa',
  jsApiList: string[],
  wecomSdk: boolean,
) => `<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>kit page</title></head>
<body><h1 id="who">…</h1><p id="out">waiting</p>
${wecomSdk ? '<script src="/wecom.js"></script>' : ''}
<script type="module">
import { createWxClient } from '/assets/wxkit-browser/index.js';
const wx = createWxClient({ api: '/wx', platform: '${platform}' });
const out = (text) => { document.getElementById('out').textContent = text; document.body.dataset.jssdk = text; };
wx.ensureLogin()
  .then((user) => { document.getElementById('who').textContent = user.name; return wx.ready(${JSON.stringify(jsApiList)}); })
  .then(() => out('ready'), (e) => out('error:' + e.message));
</script></body></html>`;

/** The kit as browsers get it: the page bundle of the built dist (npm run build). */
const DIST = join(import.meta.dirname, '..', '..', 'packages', 'browser', 'dist', 'bundle');
const WECOM_SDK = createRequire(import.meta.url).resolve('@wecom/jssdk/dist/wecom.global.js');

export interface KitSite {
  url: string;
  host: string;
  close(): Promise<void>;
}

/**
 * A minimal app on @wxkit/server + @wxkit/browser (built dist), for either platform, on a random port. `host`
 * is what the emulator's seed must trust (OAuth and JS-SDK domains) before the site is started.
 */
export async function startKitSite(options: {
  platform: 'wecom' | 'oa';
  emulatorHost: string;
  port: number;
  jsApiList: string[];
  /** Put @wecom/jssdk (window.ww) on the page, so ready() goes through ww.register. */
  wecomSdk?: boolean;
}): Promise<KitSite> {
  const env = { WXKIT_EMULATOR_HOST: options.emulatorHost };
  const store = createMemoryStore();
  const client: WxClient =
    options.platform === 'wecom'
      ? createWeCom({
          corpId: 'ww0123456789abcdef',
          corpSecret: DEMO_WECOM.corpSecret,
          agentId: 1000002,
          env,
          store,
          logger: silentLogger,
        })
      : createOfficialAccount({
          appId: 'wx0123456789abcdef',
          appSecret: DEMO_OA.appSecret,
          env,
          store,
          logger: silentLogger,
        });
  const wx = createWxServer({
    ...(options.platform === 'wecom'
      ? { wecom: client as WeComClient }
      : { officialAccount: client as OfficialAccountClient }),
    store,
    session: { secret: 'kit-site-session-secret-0123456789abcdef' },
    logger: silentLogger,
  });
  const pages = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/wxkit-browser/')) {
      const file = normalize(join(DIST, path.slice('/assets/wxkit-browser/'.length)));
      if (!file.startsWith(DIST) || !file.endsWith('.js')) return new Response('no', { status: 404 });
      return new Response(await readFile(file), { headers: { 'content-type': 'text/javascript' } });
    }
    if (path === '/wecom.js')
      return new Response(await readFile(WECOM_SDK), { headers: { 'content-type': 'text/javascript' } });
    if (path === '/app')
      return new Response(PAGE(options.platform, options.jsApiList, options.wecomSdk === true), {
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      });
    return new Response('not here', { status: 404 });
  };
  const server: Server = createServer(toNodeListener(wx, toNodeListener(pages)));
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    host: `localhost:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
