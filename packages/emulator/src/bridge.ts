/**
 * The JS-SDK bridge: defines window.WeixinJSBridge the way the WeChat/WeCom clients do, so the unmodified
 * official SDKs run in any browser. Signatures are checked by the emulator (POST /_emulator/jssdk/verify).
 *
 * Permissions, as the clients enforce them (WeCom doc 96947; fidelity audit H5): nothing but `checkJsApi` works
 * before a successful config; an API works only when it was declared in the `jsApiList` of a config that
 * succeeded; the agent-level APIs below need a successful `agentConfig` that declared them. A refused call answers
 * `<api>:access denied`, which jweixin and @wecom/jssdk both report as `<api>:permission denied`; in the WeCom
 * client an agent-level API without agentConfig answers `<api>:fail no permission` (audit-3 N-M9). A bare
 * `WeixinJSBridge.call('closeWindow' | 'hideOptionMenu' | 'showOptionMenu')` runs without a config, as on the phone.
 */

import { REAL_NOT_SIMULATED_APIS } from './bridge-apis.js';

/**
 * APIs the WeCom client runs only after `agentConfig` (WeCom doc 96947 "部分接口需要依赖agentconfig注入").
 * Not `openUserProfile`: a self-built app calls it after `config` alone; only third-party apps need agentConfig
 * (WeCom staff, developers.weixin.qq.com community 000022e0468a28cecf1c3f09d51000).
 */
export const AGENT_ONLY_APIS = [
  'selectEnterpriseContact',
  'getCurExternalContact',
  'getCurExternalChat',
  'selectExternalContact',
  'selectExternalChat',
  'sendChatMessage',
  'shareToExternalContact',
  'shareToExternalChat',
  'getContext',
  'openExistedChatWithMsg',
];

/** The user-agent marks the bridge adds to a browser that has none, per client (`bridge.js?client=`). */
export const CLIENT_MARKS = {
  wecom: ' wxwork/4.1.22 MicroMessenger/7.0.1',
  wechat: ' MicroMessenger/8.0.50(0x1800323d) NetType/WIFI Language/zh_CN',
} as const;

export const BRIDGE_SCRIPT = String.raw`(function () {
  if (window.WeixinJSBridge && window.WeixinJSBridge.__wxkit) return;
  var script = document.currentScript;
  var src = script && script.src ? new URL(script.src) : null;
  var origin = src ? src.origin : location.origin;
  var ua = navigator.userAgent;
  // The URL the WebView loaded the document from; pushState and replaceState leave it alone.
  var nav = window.performance && performance.getEntriesByType ? performance.getEntriesByType('navigation')[0] : null;
  var entryUrl = nav && /^https?:/.test(nav.name) ? nav.name : location.href;
  // The official SDKs only start inside a client: a plain browser gets the marks of the client the page asks
  // for (bridge.js?client=wecom|wechat, WeChat by default). A real client's user agent is never changed.
  if (!/MicroMessenger/i.test(ua)) {
    var marks = (src && src.searchParams.get('client') === 'wecom') ? ${JSON.stringify(CLIENT_MARKS.wecom)} : ${JSON.stringify(CLIENT_MARKS.wechat)};
    var faked = ua + marks;
    try { Object.defineProperty(navigator, 'userAgent', { get: function () { return faked; } }); } catch (e) {}
  }
  var android = /android/i.test(navigator.userAgent);
  var agentOnly = ${JSON.stringify(AGENT_ONLY_APIS)};
  var realApis = ${JSON.stringify(REAL_NOT_SIMULATED_APIS)};
  var handlers = {};
  var state = { verified: false, list: [], agentVerified: false, agentList: [], calls: [], appId: '', contacts: [] };
  // Pictures the page "chose" or downloaded: localId -> data URL. A test may queue its own data URLs (JPEG or
  // PNG) in WeixinJSBridge.state.pick before calling chooseImage; otherwise the bridge draws one.
  var images = {};
  var imageCount = 0;
  state.pick = [];
  var location0 = { latitude: 39.908823, longitude: 116.39747, speed: 0, accuracy: 30 };
  var simulated = {
    // The client answers the network type in err_msg; jweixin and @wecom/jssdk both read it from there.
    getNetworkType: { err_msg: 'network_type:wifi' },
    geoLocation: location0,
    getLocation: location0,
    scanQRCode: { resultStr: 'https://example.com/scanned-by-wxkit-emulator' },
    chooseImage: {}, uploadImage: {}, downloadImage: {}, getLocalImgData: {},
    selectEnterpriseContact: {},
    closeWindow: {},
    hideOptionMenu: {}, showOptionMenu: {}, hideMenuItems: {}, showMenuItems: {},
    'menu:share:appmessage': {}, 'menu:share:timeline': {}, updateAppMessageShareData: {}, updateTimelineShareData: {},
    shareAppMessage: {}, shareWechatMessage: {}, imagePreview: {}, previewImage: {}, openEnterpriseChat: {},
    openUserProfile: {}
  };
  function has(list, name) { return list.indexOf(name) !== -1; }
  function later(callback, answer) { setTimeout(function () { callback(answer); }); }
  function verify(kind, body, done) {
    body.kind = kind;
    body.url = location.href.split('#')[0];
    body.entryUrl = entryUrl.split('#')[0];
    body.userAgent = navigator.userAgent;
    fetch(origin + '/_emulator/jssdk/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); })
      .then(done, function () { done({ ok: false, errMsg: kind + ':emulator unreachable' }); });
  }
  // The banner says what the emulator did, without hiding any of the page: it sits in the flow at the top of the
  // body (pushing the page down by one line instead of lying over a fixed bottom bar or a button), and a tap folds
  // it away until the next message.
  function banner(text) {
    if (!document.body) {
      document.addEventListener('DOMContentLoaded', function () { banner(text); }, { once: true });
      return;
    }
    var el = document.getElementById('wxkit-emulator-banner');
    if (!el) {
      el = document.createElement('div');
      el.id = 'wxkit-emulator-banner';
      el.setAttribute('role', 'status');
      el.title = 'tap to hide';
      el.style.cssText = 'position:relative;display:block;margin:0;background:#f5a623;color:#fff;font:12px/1.6 sans-serif;padding:2px 10px;text-align:center;cursor:pointer;overflow-wrap:anywhere';
      el.addEventListener('click', function () { el.style.display = 'none'; });
      document.body.insertBefore(el, document.body.firstChild);
    }
    el.style.display = 'block';
    el.textContent = 'wxkit emulator · ' + text;
  }
  function allowed(name) {
    if (has(agentOnly, name)) return state.agentVerified && has(state.agentList, name);
    return (state.verified && has(state.list, name)) || (state.agentVerified && has(state.agentList, name));
  }
  // The WeCom client answers an agent-level API without a matching agentConfig "fail no permission" (doc 98139:
  // "否则调用时会报“no permission”错误"; captures of getCurExternalContact:fail no permission); the SDKs pass it on.
  // Everything else outside the config's jsApiList is "access denied", which jweixin and @wecom/jssdk turn into
  // "permission denied". Unsure: the WeChat client's text for a WeCom-only API (access denied kept).
  function denial(name) {
    return has(agentOnly, name) && /wxwork/i.test(navigator.userAgent) ? ':fail no permission' : ':access denied';
  }
  // Legacy bridge calls the clients run without wx.config (payment-result pages close themselves this way).
  var bareCalls = ['closeWindow', 'hideOptionMenu', 'showOptionMenu'];
  function invoke(name, args, callback, bare) {
    args = args || {};
    callback = callback || function () {};
    state.calls.push(name);
    if (name === 'preVerifyJSAPI') {
      return verify('config', { appId: args.verifyAppId || args.appId, timestamp: args.verifyTimestamp, nonceStr: args.verifyNonceStr, signature: args.verifySignature, sdk: window.__wxkitJweixin || '' }, function (res) {
        state.verified = !!res.ok;
        state.list = res.ok ? (args.verifyJsApiList || []) : [];
        if (res.ok) state.appId = args.verifyAppId || args.appId;
        banner(res.ok ? 'JS-SDK config ok' : res.errMsg + (res.why ? ' (emulator: ' + res.why + ')' : ''));
        callback({ err_msg: res.ok ? 'preVerifyJSAPI:ok' : res.errMsg });
      });
    }
    if (name === 'agentConfig') {
      return verify('agentConfig', { appId: args.corpid, agentId: args.agentid, timestamp: args.timestamp, nonceStr: args.nonceStr, signature: args.signature }, function (res) {
        state.agentVerified = !!res.ok;
        state.agentList = res.ok ? (args.jsApiList || []) : [];
        state.contacts = res.contacts || [];
        if (res.ok) state.appId = args.corpid;
        banner(res.ok ? 'agentConfig ok' : res.errMsg + (res.why ? ' (emulator: ' + res.why + ')' : ''));
        callback({ err_msg: res.ok ? 'agentConfig:ok' : res.errMsg.replace(/^config:/, 'agentConfig:') });
      });
    }
    if (name === 'checkJsApi') {
      // Keyed by the client's names (geoLocation); the SDKs map them back. Android sends a JSON string, the
      // other clients an object (which is why jweixin parses it only on Android). A real API the bridge does not
      // simulate is true, as on a phone; only names no client has are false.
      var result = {};
      (args.jsApiList || []).forEach(function (api) { result[api] = Object.prototype.hasOwnProperty.call(simulated, api) || has(realApis, api); });
      return later(callback, { err_msg: 'checkJsApi:ok', checkResult: android ? JSON.stringify(result) : result });
    }
    if (!(bare && has(bareCalls, name)) && !allowed(name)) return later(callback, { err_msg: name + denial(name) });
    if (!Object.prototype.hasOwnProperty.call(simulated, name)) {
      return later(callback, { err_msg: name + ':fail_not supported by the wxkit emulator' });
    }
    if (name === 'chooseImage' || name === 'uploadImage' || name === 'downloadImage' || name === 'getLocalImgData') {
      return media(name, args, callback);
    }
    if (name === 'closeWindow') banner('closeWindow: the client would close this page now');
    if (name === 'selectEnterpriseContact') {
      // The app's visible members (agentConfig told the bridge): the ones named in selectedUserIds, else the first.
      // Some clients answer result as a JSON string ("需要开发者额外判断result类型"): Android here.
      var wanted = args.selectedUserIds || [];
      var people = state.contacts.filter(function (p) { return wanted.indexOf(p.id) !== -1; });
      if (!people.length) people = state.contacts.slice(0, 1);
      if (args.mode === 'single') people = people.slice(0, 1);
      var picked = { userList: people, departmentList: [] };
      return later(callback, { err_msg: 'selectEnterpriseContact:ok', result: android ? JSON.stringify(picked) : picked });
    }
    var answer = JSON.parse(JSON.stringify(simulated[name]));
    if (!answer.err_msg) answer.err_msg = name + ':ok';
    later(callback, answer);
  }
  function drawImage(n) {
    var canvas = document.createElement('canvas');
    canvas.width = 160; canvas.height = 120;
    var g = canvas.getContext('2d');
    if (!g) return '';
    g.fillStyle = 'hsl(' + ((n * 67) % 360) + ',70%,55%)';
    g.fillRect(0, 0, 160, 120);
    g.fillStyle = '#fff';
    g.font = '16px sans-serif';
    g.fillText('wxkit photo ' + n, 12, 66);
    return canvas.toDataURL('image/jpeg', 0.8);
  }
  function keep(dataUrl) {
    imageCount++;
    var localId = 'wxlocalresource://emulator-image-' + imageCount;
    images[localId] = dataUrl;
    return localId;
  }
  function mediaCall(body, done) {
    body.appId = state.appId;
    fetch(origin + '/_emulator/jssdk/media', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); })
      .then(done, function () { done({ ok: false, errMsg: 'emulator unreachable' }); });
  }
  function media(name, args, callback) {
    if (name === 'chooseImage') {
      // The person picks one picture unless a test queued some (at most count, 9 by default as in jweixin).
      var count = Math.max(1, Math.min(9, Number(args.count) || 9));
      var picked = state.pick.length ? state.pick.splice(0, count) : [drawImage(imageCount + 1)];
      return later(callback, { err_msg: 'chooseImage:ok', localIds: picked.map(keep), sourceType: 'album' });
    }
    if (name === 'getLocalImgData') {
      var data = images[args.localId];
      if (!data) return later(callback, { err_msg: 'getLocalImgData:fail_invalid localId' });
      // Android answers bare base64 and iOS a data URL (the JPEG's header as iOS WeChat writes it is reported
      // as "data:image/jgp;base64," by several practitioners; unverified, so the bridge writes the true type).
      return later(callback, { err_msg: 'getLocalImgData:ok', localData: android ? data.replace(/^data:[^,]*,/, '') : data });
    }
    if (name === 'uploadImage') {
      var chosen = images[args.localId];
      if (!chosen) return later(callback, { err_msg: 'uploadImage:fail_invalid localId' });
      return mediaCall({ action: 'upload', localId: args.localId, dataUrl: chosen }, function (res) {
        callback(res.ok ? { err_msg: 'uploadImage:ok', serverId: res.serverId } : { err_msg: 'uploadImage:fail_' + res.errMsg });
      });
    }
    return mediaCall({ action: 'download', serverId: args.serverId }, function (res) {
      callback(res.ok ? { err_msg: 'downloadImage:ok', localId: keep('data:' + res.contentType + ';base64,' + res.data) } : { err_msg: 'downloadImage:fail_' + res.errMsg });
    });
  }
  window.WeixinJSBridge = {
    __wxkit: true,
    state: state,
    invoke: invoke,
    call: function (name) { invoke(name, {}, function () {}, true); },
    on: function (name, handler) { handlers[name] = handler; },
    emit: function (name, data) { if (handlers[name]) handlers[name](data || {}); }
  };
  banner('JS-SDK bridge loaded');
  var ready = function () { document.dispatchEvent(new Event('WeixinJSBridgeReady')); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready); else setTimeout(ready);
})();
`;

/**
 * jwxwork-1.0.0.js: what legacy WeCom pages load after jweixin-1.2.0 to get `wx.agentConfig`. It hands the
 * client's `agentConfig` the same arguments @wecom/jssdk does, API names mapped to the client's.
 */
export const JWXWORK_SCRIPT = `(function () {
  var wx = window.wx || window.jWeixin;
  if (!wx) { console.error('jwxwork-1.0.0.js: load jweixin-1.2.0.js first'); return; }
  var names = { getLocation: 'geoLocation', previewImage: 'imagePreview', onMenuShareAppMessage: 'menu:share:appmessage', onMenuShareTimeline: 'menu:share:timeline', onMenuShareWechat: 'menu:share:wechat' };
  function run(options) {
    var args = { corpid: options.corpid, agentid: String(options.agentid), timestamp: options.timestamp, nonceStr: options.nonceStr, signature: options.signature, jsApiList: (options.jsApiList || []).map(function (n) { return names[n] || n; }) };
    window.WeixinJSBridge.invoke('agentConfig', args, function (res) {
      var msg = res.err_msg || res.errMsg || 'agentConfig:fail';
      var out = { errMsg: msg };
      if (/:ok$/.test(msg)) { if (options.success) options.success(out); } else if (options.fail) options.fail(out);
      if (options.complete) options.complete(out);
    });
  }
  wx.agentConfig = function (options) {
    options = options || {};
    if (window.WeixinJSBridge) return run(options);
    document.addEventListener('WeixinJSBridgeReady', function () { run(options); }, { once: true });
  };
})();
`;
