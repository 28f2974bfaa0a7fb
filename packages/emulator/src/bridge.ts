/**
 * The JS-SDK bridge: defines window.WeixinJSBridge the way the WeChat/WeCom clients do, so the unmodified
 * official SDKs run in any browser. Signatures are checked by the emulator (POST /_emulator/jssdk/verify).
 */
export const BRIDGE_SCRIPT = String.raw`(function () {
  if (window.WeixinJSBridge && window.WeixinJSBridge.__wxkit) return;
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src).origin : location.origin;
  var ua = navigator.userAgent;
  // jweixin only starts inside MicroMessenger: add the client's marks when the browser lacks them.
  if (!/MicroMessenger/i.test(ua)) {
    try { Object.defineProperty(navigator, 'userAgent', { get: function () { return ua + ' wxwork/4.1.22 MicroMessenger/7.0.1'; } }); } catch (e) {}
  }
  var handlers = {};
  var state = { verified: null, list: [], agentVerified: false, calls: [] };
  var simulated = {
    getNetworkType: { networkType: 'wifi' },
    geoLocation: { latitude: 39.908823, longitude: 116.39747, speed: 0, accuracy: 30 },
    getLocation: { latitude: 39.908823, longitude: 116.39747, speed: 0, accuracy: 30 },
    scanQRCode: { resultStr: 'https://example.com/scanned-by-wxkit-emulator' },
    chooseImage: { localIds: ['wxlocalresource://emulator-image-1'] },
    selectEnterpriseContact: { result: { userList: [{ id: 'zhangsan', name: '张三' }], departmentList: [] } },
    closeWindow: {},
    hideOptionMenu: {}, showOptionMenu: {}, hideMenuItems: {}, showMenuItems: {},
    'menu:share:appmessage': {}, 'menu:share:timeline': {}, updateAppMessageShareData: {}, updateTimelineShareData: {},
    shareAppMessage: {}, shareWechatMessage: {}, previewImage: {}, imagePreview: {}, openEnterpriseChat: {}
  };
  function verify(kind, body, done) {
    body.kind = kind;
    body.url = location.href.split('#')[0];
    fetch(origin + '/_emulator/jssdk/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); })
      .then(done, function () { done({ ok: false, errMsg: kind + ':emulator unreachable' }); });
  }
  function banner(text) {
    var el = document.getElementById('wxkit-emulator-banner');
    if (!el) {
      el = document.createElement('div');
      el.id = 'wxkit-emulator-banner';
      el.style.cssText = 'position:fixed;left:0;right:0;bottom:0;z-index:2147483647;background:rgba(245,166,35,.95);color:#fff;font:12px/1.6 sans-serif;padding:4px 10px;text-align:center;pointer-events:none';
      (document.body || document.documentElement).appendChild(el);
    }
    el.textContent = 'wxkit emulator · ' + text;
  }
  function invoke(name, args, callback) {
    args = args || {};
    callback = callback || function () {};
    state.calls.push(name);
    if (name === 'preVerifyJSAPI') {
      return verify('config', { appId: args.verifyAppId || args.appId, timestamp: args.verifyTimestamp, nonceStr: args.verifyNonceStr, signature: args.verifySignature }, function (res) {
        state.verified = !!res.ok;
        state.list = args.verifyJsApiList || [];
        banner(res.ok ? 'JS-SDK config ok' : res.errMsg);
        callback({ err_msg: res.ok ? 'preVerifyJSAPI:ok' : res.errMsg });
      });
    }
    if (name === 'agentConfig') {
      return verify('agentConfig', { appId: args.corpid, agentId: args.agentid, timestamp: args.timestamp, nonceStr: args.nonceStr, signature: args.signature }, function (res) {
        state.agentVerified = !!res.ok;
        if (res.ok && args.jsApiList) state.list = state.list.concat(args.jsApiList);
        banner(res.ok ? 'agentConfig ok' : res.errMsg);
        callback({ err_msg: res.ok ? 'agentConfig:ok' : res.errMsg.replace(/^config:/, 'agentConfig:') });
      });
    }
    if (name === 'checkJsApi') {
      var result = {};
      (args.jsApiList || []).forEach(function (api) { result[api] = Object.prototype.hasOwnProperty.call(simulated, api); });
      return setTimeout(function () { callback({ err_msg: 'checkJsApi:ok', checkResult: JSON.stringify(result) }); });
    }
    if (!state.verified && !state.agentVerified) return setTimeout(function () { callback({ err_msg: name + ':permission denied' }); });
    if (!Object.prototype.hasOwnProperty.call(simulated, name)) {
      return setTimeout(function () { callback({ err_msg: name + ':fail_not supported by the wxkit emulator' }); });
    }
    if (name === 'closeWindow') banner('closeWindow: the client would close this page now');
    var answer = JSON.parse(JSON.stringify(simulated[name]));
    answer.err_msg = name + ':ok';
    setTimeout(function () { callback(answer); });
  }
  window.WeixinJSBridge = {
    __wxkit: true,
    state: state,
    invoke: invoke,
    call: function (name) { invoke(name, {}, function () {}); },
    on: function (name, handler) { handlers[name] = handler; },
    emit: function (name, data) { if (handlers[name]) handlers[name](data || {}); }
  };
  banner('JS-SDK bridge loaded');
  var ready = function () { document.dispatchEvent(new Event('WeixinJSBridgeReady')); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready); else setTimeout(ready);
})();
`;
