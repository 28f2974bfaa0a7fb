import { demoWeCom, UA } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { readOut, serveHtml, useStage } from './helpers/stage.js';

const PAGE = (emu: string, config: string) => `<!doctype html><html><body><p id="out">waiting</p>
<script src="${emu}/jssdk/bridge.js?client=wecom"></script><script src="${emu}/open/js/jweixin-1.2.0.js"></script>
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

const stage = useStage();

describe('a photo from the page (WeCom): chooseImage → uploadImage → the server fetches it with media/get', () => {
  it('gives the server the very picture the page chose', async () => {
    const wecom = demoWeCom(stage.emulator);
    const url = `${stage.origin}/photo`;
    const config = await wecom.jssdk.config({
      url,
      jsApiList: ['chooseImage', 'getLocalImgData', 'uploadImage', 'downloadImage'],
    });
    serveHtml(stage, PAGE(stage.emulator.url, JSON.stringify(config)));
    const text = await readOut(stage, url, { userAgent: UA.wecomAndroid, shot: 'photo-upload.png' });
    expect(text).not.toMatch(/^error:/);
    const { serverId, localData, downloaded } = JSON.parse(text) as Record<string, string>;
    expect(downloaded).toMatch(/^wxlocalresource:\/\//);
    const file = await wecom.media.get(serverId ?? '');
    expect(file.contentType).toBe('image/jpeg');
    const chosen = Buffer.from(String(localData).replace(/^data:[^,]*,/, ''), 'base64');
    expect(Buffer.from(file.data).equals(chosen)).toBe(true);
    expect([...file.data.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });
});
