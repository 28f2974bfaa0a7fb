import { demoOfficialAccount, demoWeCom, UA } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { readOut, serveHtml, useStage } from './helpers/stage.js';

/** A page that picks one photo, reads it back, uploads it and downloads it again, reporting each result in #out. */
const PAGE = (scripts: string[], config: string) => `<!doctype html><html><body><p id="out">waiting</p>
${scripts.map((src) => `<script src="${src}"></script>`).join('')}
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
      const down = await step(wx.downloadImage, { serverId: up.serverId, isShowProgressTips: 0 });
      out.textContent = JSON.stringify({ serverId: up.serverId, localData: local.localData, downloaded: down.localId });
    } catch (e) { out.textContent = 'error:' + (e && e.errMsg); }
  });
</script></body></html>`;

const stage = useStage({
  trust: (seed, host) => {
    seed.wecom[0]?.apps[0]?.trustedDomains.push(host);
    seed.officialAccounts[0]?.jsDomains.push(host);
  },
});

// WeCom pages load jweixin 1.2.0 (the version WeCom documents); Official Account pages 1.6.0 and sign with the account.
const CASES = [
  {
    name: 'WeCom on Android',
    userAgent: UA.wecomAndroid,
    client: 'wecom',
    sdk: 'jweixin-1.2.0.js',
    shot: 'photo-wecom-android.png',
  },
  {
    name: 'WeCom on iPhone',
    userAgent: UA.wecomIOS,
    client: 'wecom',
    sdk: 'jweixin-1.2.0.js',
    shot: 'photo-wecom-ios.png',
  },
  {
    name: 'an Official Account on iPhone',
    userAgent: UA.wechatIOS,
    client: 'wechat',
    sdk: 'jweixin-1.6.0.js',
    shot: 'photo-oa-ios.png',
  },
  {
    name: 'an Official Account on Android',
    userAgent: UA.wechatAndroid,
    client: 'wechat',
    sdk: 'jweixin-1.6.0.js',
    shot: 'photo-oa-android.png',
  },
] as const;

describe('a photo from the page: chooseImage → uploadImage → the server fetches it with media/get', () => {
  it.each(CASES)(
    'gives the server the very picture the page chose ($name)',
    async ({ userAgent, client, sdk, shot }) => {
      const platform = client === 'wecom' ? demoWeCom(stage.emulator) : demoOfficialAccount(stage.emulator);
      const url = `${stage.origin}/photo-${client}`;
      const config = await platform.jssdk.config({
        url,
        jsApiList: ['chooseImage', 'getLocalImgData', 'uploadImage', 'downloadImage'],
      });
      const emu = stage.emulator.url;
      serveHtml(
        stage,
        PAGE([`${emu}/jssdk/bridge.js?client=${client}`, `${emu}/open/js/${sdk}`], JSON.stringify(config)),
      );
      const text = await readOut(stage, url, { userAgent, shot });
      expect(text).not.toMatch(/^error:/);
      const { serverId, localData, downloaded } = JSON.parse(text) as Record<string, string>;
      expect(downloaded).toMatch(/^wxlocalresource:\/\//);
      const file = await platform.media.get(serverId ?? '');
      expect(file.contentType).toBe('image/jpeg');
      const chosen = Buffer.from(String(localData).replace(/^data:[^,]*,/, ''), 'base64');
      expect(Buffer.from(file.data).equals(chosen)).toBe(true);
      expect([...file.data.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    },
  );
});
