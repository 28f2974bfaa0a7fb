import type { Context } from 'hono';
import QRCode from 'qrcode';
import type { Service } from '../../context.js';
import { CONSOLE_STYLE } from '../../pages/console-style.js';
import { beijingTime, escapeHtml as h } from '../../pages/html.js';
import type { SeedOfficialAccount } from '../../seed.js';
import type { World } from '../../world.js';
import { originalId } from '../callbacks/ids.js';
import type { QrCodeRecord } from './qrcodes.js';
import { qrCodesOf, qrExpired } from './qrcodes.js';
import { REPLY_SCRIPT, REPLY_STYLE } from './reply-view.js';

const STYLE = `${CONSOLE_STYLE}
.qr{width:96px}pre{white-space:pre-wrap;background:#f7f8fa;border-radius:6px;padding:8px;font-size:12px;max-height:200px;overflow:auto}
`;

/** The page script: create a code, scan one as a chosen or new follower, show what the app replied. */
const SCRIPT = `${REPLY_SCRIPT}
const post = (path, body) => fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ ok: r.ok, body: await r.json().catch(() => ({})) }));
document.addEventListener('click', async (event) => {
  const scan = event.target.closest('button[data-scan]');
  if (scan) {
    const out = document.getElementById('scan-result-' + scan.dataset.app);
    const who = document.querySelector('select[data-scan-as="' + scan.dataset.scan + '"]')?.value;
    const r = await post('/_emulator/oa/scan', { ticket: scan.dataset.scan, ...(who ? { openid: who } : {}) });
    out.textContent = r.ok ? r.body.pushed + ' from ' + r.body.openid + (r.body.status !== undefined ? ' · HTTP ' + r.body.status : '') + (r.body.error ? ' · ' + r.body.error : '') + (r.body.reply ? ' · the follower sees:' : ' · no passive reply') : 'refused: ' + (r.body.error?.message ?? '');
    if (r.ok && r.body.reply) out.append(renderReply(r.body.reply));
    return;
  }
  const make = event.target.closest('button[data-create]');
  if (make) {
    const form = make.closest('form');
    const scene = form.scene.value;
    const r = await post('/_emulator/oa/qrcode', { appId: make.dataset.create, scene: /^\\d+$/.test(scene) ? Number(scene) : scene, permanent: form.permanent.checked, ...(form.expire.value ? { expireSeconds: Number(form.expire.value) } : {}) });
    if (r.ok) location.reload(); else document.getElementById('scan-result-' + make.dataset.create).textContent = 'refused: ' + r.body.error?.message;
  }
});
`;

function followerRows(account: SeedOfficialAccount): string {
  return account.followers
    .slice(-100)
    .reverse()
    .map((f) => {
      const scene =
        f.subscribeScene === 'ADD_SCENE_QR_CODE' ? `QR ${h(f.qrSceneStr || String(f.qrScene ?? ''))}` : '';
      return `<tr><td><code>${h(f.openid)}</code></td><td>${h(f.nickname)}</td><td>${f.subscribed === false ? '<span class="tag err">unfollowed</span>' : '<span class="tag ok">follows</span>'}</td><td>${h(f.subscribeScene ?? 'ADD_SCENE_OTHERS')} ${scene}</td></tr>`;
    })
    .join('');
}

async function codeRow(world: World, account: SeedOfficialAccount, code: QrCodeRecord): Promise<string> {
  const expired = qrExpired(world, code);
  const svg = expired ? '' : await QRCode.toString(code.url, { type: 'svg', margin: 1 });
  const life = code.permanent
    ? '<span class="tag">permanent</span>'
    : `<span class="tag ${expired ? 'err' : ''}">${expired ? 'expired' : 'expires'} ${beijingTime(code.expiresAt as number, 'minute')}</span>`;
  const options = account.followers
    .slice(-50)
    .map((f) => `<option value="${h(f.openid)}">${h(f.nickname)} (${h(f.openid)})</option>`)
    .join('');
  return `<tr><td class="qr">${svg}</td><td><b>${h(String(code.scene))}</b> <span class="muted">${h(code.action)}</span><br>${life}<br><span class="muted">${code.scans} scan${code.scans === 1 ? '' : 's'}</span></td><td>${
    expired
      ? '<span class="muted">a phone says 二维码已过期</span>'
      : `<select data-scan-as="${h(code.ticket)}"><option value="">a new user</option>${options}</select> <button type="button" data-scan="${h(code.ticket)}" data-app="${h(account.appId)}">scan</button>`
  }<br><a class="muted" href="/cgi-bin/showqrcode?ticket=${encodeURIComponent(code.ticket)}">showqrcode</a></td></tr>`;
}

async function accountSection(world: World, account: SeedOfficialAccount): Promise<string> {
  const codes = qrCodesOf(world, account.appId, 20);
  const rows = (await Promise.all(codes.map((code) => codeRow(world, account, code)))).join('');
  return `<section id="oa-${h(account.appId)}"><h2>${h(account.name ?? account.appId)} <span class="muted">${h(account.appId)} · ${h(originalId(account.appId))}</span></h2>
  <h2>Parametric QR codes <span class="muted">qrcode/create, newest 20</span></h2>
  <form onsubmit="return false"><input name="scene" placeholder="scene (id or string)" required> <label><input type="checkbox" name="permanent"> permanent</label> <input name="expire" placeholder="expire s (60)" size="10"> <button type="button" data-create="${h(account.appId)}">new QR code</button></form>
  ${rows ? `<table><tr><th>Code</th><th>Scene</th><th>Scan as</th></tr>${rows}</table>` : '<p class="muted">No QR codes yet: the app creates them with qrcode/create, or use the form.</p>'}
  <div id="scan-result-${h(account.appId)}" class="muted" aria-live="polite"></div>
  <h2>Followers <span class="muted">${account.followers.length}, newest first</span></h2>
  <table><tr><th>openid</th><th>Nickname</th><th>Status</th><th>Subscribe scene</th></tr>${followerRows(account)}</table></section>`;
}

async function render(world: World): Promise<string> {
  const sections = (await Promise.all(world.seed.officialAccounts.map((a) => accountSection(world, a)))).join(
    '',
  );
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Official Accounts · wxkit emulator</title><style>${STYLE}${REPLY_STYLE}</style></head><body>
  <header><b>Official Accounts</b><a href="/">← console</a> <a href="/_emulator/oa/subscriptions">订阅通知 subscriptions</a></header><main>${sections || '<section><p class="muted">No Official Account in the seed.</p></section>'}</main><script>${SCRIPT}</script></body></html>`;
}

/** The console's Official Account view: followers, QR codes with a "scan" button (GET /_emulator/console/oa). */
export const consoleOaPage: Service = {
  name: 'console-oa',
  register(app, ctx) {
    app.get('/_emulator/console/oa', async (c: Context) => c.html(await render(ctx.world())));
  },
};
