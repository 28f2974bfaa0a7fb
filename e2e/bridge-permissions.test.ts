import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { demoOfficialAccount, demoWeCom, UA } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { useStage } from './helpers/stage.js';

const WECOM_SDK = readFileSync(
  createRequire(import.meta.url).resolve('@wecom/jssdk/dist/wecom.global.js'),
  'utf8',
);

const stage = useStage({
  site: (req, res) => {
    if (req.url === '/wecom.js')
      return res.writeHead(200, { 'content-type': 'text/javascript' }).end(WECOM_SDK);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page.html);
  },
  trust: (seed, host) => {
    seed.wecom[0]!.apps[0]!.trustedDomains.push(host);
    seed.officialAccounts[0]!.jsDomains.push(host);
  },
});
const page = { html: '' };

const wecom = () => demoWeCom(stage.emulator);
const oa = () => demoOfficialAccount(stage.emulator);

/**
 * Opens `script` on a page with the bridge and the given SDK files; the script calls `done(value)`. The page URL
 * is fixed so signatures can be made before it loads.
 */
async function run(options: {
  userAgent: string;
  scripts: string[];
  script: string;
  client?: 'wecom' | 'wechat';
}): Promise<unknown> {
  const tags = [
    `${stage.emulator.url}/jssdk/bridge.js${options.client ? `?client=${options.client}` : ''}`,
    ...options.scripts,
  ]
    .map((src) => `<script src="${src}"></script>`)
    .join('');
  page.html = `<!doctype html><p id="out">waiting</p>${tags}<script>
    const done = (value) => { document.getElementById('out').dataset.result = JSON.stringify(value); };
    const call = (fn, args) => new Promise((resolve) => fn({ ...args, success: (r) => resolve(r), fail: (r) => resolve(r), cancel: (r) => resolve(r) }));
    ${options.script}
  </script>`;
  const tab = await stage.browser.newPage({ userAgent: options.userAgent });
  try {
    await tab.goto(`${stage.origin}/p?x=1`);
    await tab.waitForSelector('#out[data-result]', { timeout: 15_000 });
    return JSON.parse((await tab.getAttribute('#out', 'data-result')) ?? 'null');
  } finally {
    await tab.close();
  }
}

const URL_ = () => `${stage.origin}/p?x=1`;
const JWEIXIN = () => `${stage.emulator.url}/open/js/jweixin-1.6.0.js`;
const JWEIXIN_WECOM = () => `${stage.emulator.url}/open/js/jweixin-1.2.0.js`;

describe('the bridge enforces JS-SDK permissions the way the clients do', () => {
  it('answers permission denied for APIs left out of jsApiList, and runs the declared one', async () => {
    const config = await oa().jssdk.config({ url: URL_(), jsApiList: ['scanQRCode'] });
    const result = await run({
      userAgent: UA.wechatAndroid,
      scripts: [JWEIXIN()],
      script: `wx.config(${JSON.stringify(config)});
        wx.ready(async () => done({
          scan: (await call(wx.scanQRCode, { needResult: 1 })).errMsg,
          image: (await call(wx.chooseImage, {})).errMsg,
          location: (await call(wx.getLocation, {})).errMsg,
        }));`,
    });
    expect(result).toEqual({
      scan: 'scanQRCode:ok',
      image: 'chooseImage:permission denied',
      location: 'getLocation:permission denied',
    });
  });

  it('refuses every API when the config failed, so one bad signature unlocks nothing', async () => {
    const config = await oa().jssdk.config({ url: `${URL_()}&other=1`, jsApiList: ['scanQRCode'] });
    const result = await run({
      userAgent: UA.wechatIOS,
      scripts: [JWEIXIN()],
      script: `let error; wx.error((e) => { error = e.errMsg; }); wx.config(${JSON.stringify(config)});
        wx.ready(async () => done({ error, scan: (await call(wx.scanQRCode, { needResult: 1 })).errMsg }));`,
    });
    expect(result).toEqual({ error: 'config:invalid signature', scan: 'scanQRCode:permission denied' });
  });

  it('refuses selectEnterpriseContact after wx.config alone, and runs it after agentConfig declared it', async () => {
    const client = wecom();
    const config = await client.jssdk.config({ url: URL_(), jsApiList: ['selectEnterpriseContact'] });
    const agent = await client.jssdk.agentConfig({ url: URL_(), jsApiList: ['selectEnterpriseContact'] });
    const result = await run({
      userAgent: UA.wecomAndroid,
      scripts: [JWEIXIN_WECOM()],
      script: `wx.config(${JSON.stringify(config)});
        const pick = () => new Promise((resolve) => wx.invoke('selectEnterpriseContact', { fromDepartmentId: -1, mode: 'single', type: ['user'] }, (r) => resolve(r.err_msg)));
        wx.ready(async () => {
          const before = await pick();
          const agentConfig = await new Promise((resolve) => WeixinJSBridge.invoke('agentConfig', ${JSON.stringify(agent)}, (r) => resolve(r.err_msg)));
          done({ before, agentConfig, after: await pick() });
        });`,
    });
    expect(result).toEqual({
      before: 'selectEnterpriseContact:fail no permission',
      agentConfig: 'agentConfig:ok',
      after: 'selectEnterpriseContact:ok',
    });
  });

  it('refuses an agent-level API through @wecom/jssdk when only the corp config ran', async () => {
    const client = wecom();
    const config = await client.jssdk.configSignature(URL_());
    const result = await run({
      userAgent: UA.wecomIOS,
      scripts: ['/wecom.js'],
      script: `ww.register({ corpId: 'ww0123456789abcdef', jsApiList: ['selectEnterpriseContact'], getConfigSignature: () => (${JSON.stringify(config)}) });
        ww.selectEnterpriseContact({ fromDepartmentId: -1, mode: 'single', type: ['user'] }).then((r) => done(r.errMsg), (e) => done(e.errMsg));`,
    });
    // The WeCom client's own words for an agent-level API without agentConfig (doc 98139), passed on by the SDK.
    expect(result).toBe('selectEnterpriseContact:fail no permission');
  });
});

describe('the bridge answers in the shapes the official SDKs expect', () => {
  it('gives jweixin the network type (network_type:wifi), which it used to turn into getNetworkType:fail', async () => {
    const config = await oa().jssdk.config({ url: URL_(), jsApiList: ['getNetworkType'] });
    const result = await run({
      userAgent: UA.wechatIOS,
      scripts: [JWEIXIN()],
      script: `wx.config(${JSON.stringify(config)});
        wx.ready(async () => { const r = await call(wx.getNetworkType, {}); done({ errMsg: r.errMsg, networkType: r.networkType }); });`,
    });
    expect(result).toEqual({ errMsg: 'getNetworkType:ok', networkType: 'wifi' });
  });

  it('gives @wecom/jssdk the network type too', async () => {
    const config = await wecom().jssdk.configSignature(URL_());
    const result = await run({
      userAgent: UA.wecomAndroid,
      scripts: ['/wecom.js'],
      script: `ww.register({ corpId: 'ww0123456789abcdef', jsApiList: ['getNetworkType'], getConfigSignature: () => (${JSON.stringify(config)}) });
        ww.getNetworkType().then((r) => done(r.networkType), (e) => done(e.errMsg));`,
    });
    expect(result).toBe('wifi');
  });

  for (const [name, userAgent] of [
    ['iPhone', UA.wechatIOS],
    ['Android', UA.wechatAndroid],
    ['desktop', UA.desktop],
  ] as const) {
    it(`answers checkJsApi with an object under the web names on ${name}`, async () => {
      const config = await oa().jssdk.config({ url: URL_(), jsApiList: ['getLocation'] });
      const result = await run({
        userAgent,
        scripts: [JWEIXIN()],
        script: `wx.config(${JSON.stringify(config)});
          wx.ready(async () => done((await call(wx.checkJsApi, { jsApiList: ['getLocation', 'uploadVoice', 'flyToMoon'] })).checkResult));`,
      });
      // uploadVoice is real but not simulated: true, as on a phone (audit-3 N-L14); an unknown name is false.
      expect(result).toEqual({ getLocation: true, uploadVoice: true, flyToMoon: false });
    });
  }

  it('leaves an Official Account page a WeChat page: @wecom/jssdk sees isWeChat, not isWeCom', async () => {
    const result = await run({
      userAgent: UA.desktop,
      client: 'wechat',
      scripts: ['/wecom.js'],
      script: 'done({ isWeCom: ww.env.isWeCom, isWeChat: ww.env.isWeChat, ua: navigator.userAgent });',
    });
    expect(result).toMatchObject({ isWeCom: false, isWeChat: true });
    expect((result as { ua: string }).ua).not.toContain('wxwork');
  });

  it('never rewrites a real client user agent', async () => {
    const result = await run({
      userAgent: UA.wechatIOS,
      client: 'wecom',
      scripts: [],
      script: 'done(navigator.userAgent);',
    });
    expect(result).toBe(UA.wechatIOS);
  });
});

describe('legacy WeCom pages: jweixin-1.2.0 + jwxwork-1.0.0', () => {
  it('fails wx.config for jweixin-1.6.0 on a WeCom page, as the WeCom client does, and says why', async () => {
    const config = await wecom().jssdk.config({ url: URL_(), jsApiList: ['getLocation'] });
    const result = await run({
      userAgent: UA.wecomIOS,
      scripts: [JWEIXIN()],
      script: `let error; wx.error((e) => { error = e.errMsg; }); wx.config(${JSON.stringify(config)}); wx.ready(() => done(error));`,
    });
    expect(result).toBe('config:fail,invalid signature');
    const journal = (await (await fetch(`${stage.emulator.url}/_emulator/journal`)).json()) as {
      entries: { note?: string }[];
    };
    expect(journal.entries.at(-1)?.note).toContain('does not support jweixin-1.6.0');
  });

  it('runs the same signature with jweixin-1.2.0 on the WeCom page', async () => {
    const config = await wecom().jssdk.config({ url: URL_(), jsApiList: ['getLocation'] });
    const result = await run({
      userAgent: UA.wecomIOS,
      scripts: [JWEIXIN_WECOM()],
      script: `wx.config(${JSON.stringify(config)}); wx.ready(async () => done((await call(wx.getLocation, {})).errMsg));`,
    });
    expect(result).toBe('getLocation:ok');
  });

  it('gets wx.agentConfig from jwxwork-1.0.0.js and reaches an agent-level API', async () => {
    const client = wecom();
    const config = await client.jssdk.config({ url: URL_(), jsApiList: ['getLocation'] });
    const agent = await client.jssdk.agentConfig({
      url: URL_(),
      jsApiList: ['selectEnterpriseContact', 'getLocation'],
    });
    const result = await run({
      userAgent: UA.wecomIOS,
      scripts: [
        `${stage.emulator.url}/open/js/jweixin-1.2.0.js`,
        `${stage.emulator.url}/wwopen/js/jwxwork-1.0.0.js`,
      ],
      script: `wx.config(${JSON.stringify(config)});
        wx.ready(() => wx.agentConfig({ ...${JSON.stringify(agent)},
          success: () => wx.invoke('selectEnterpriseContact', { fromDepartmentId: -1, mode: 'single', type: ['user'] }, (r) => done({ agent: 'ok', pick: r.err_msg })),
          fail: (e) => done({ agent: e.errMsg }) }));`,
    });
    expect(result).toEqual({ agent: 'ok', pick: 'selectEnterpriseContact:ok' });
  });

  it('reports a corp-ticket agentConfig signature through fail, with the platform message', async () => {
    const client = wecom();
    const config = await client.jssdk.config({ url: URL_(), jsApiList: ['getLocation'] });
    const wrong = await client.jssdk.configSignature(URL_());
    const result = await run({
      userAgent: UA.wecomAndroid,
      scripts: [
        `${stage.emulator.url}/open/js/jweixin-1.2.0.js`,
        `${stage.emulator.url}/wwopen/js/jwxwork-1.0.0.js`,
      ],
      script: `wx.config(${JSON.stringify(config)});
        wx.ready(() => wx.agentConfig({ corpid: 'ww0123456789abcdef', agentid: 1000002, ...${JSON.stringify(wrong)}, jsApiList: ['selectEnterpriseContact'],
          success: () => done('ok'), fail: (e) => done(e.errMsg) }));`,
    });
    expect(result).toBe('agentConfig:invalid signature');
  });
});
