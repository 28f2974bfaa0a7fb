import { explain } from '@wxkit/core';
import type { Context } from 'hono';
import QRCode from 'qrcode';
import type { Service } from '../context.js';
import { forPhones } from '../lan.js';
import { menuState } from '../menus.js';
import type { SeedApp, SeedCorp } from '../seed.js';
import { traffic } from '../traffic.js';
import { CARD_SCRIPT, CARD_STYLE, richSummary } from '../wecom/cards/console.js';
import { messageState } from '../wecom/message/message.js';
import type { World } from '../world.js';
import { mediaSection, messageSummary } from './console-media.js';
import { CONSOLE_STYLE } from './console-style.js';
import { TEXTCARD_STYLE } from './console-textcard.js';
import { beijingTime, escapeHtml as h, safeHref, tileLetter } from './html.js';

const STYLE = `${CONSOLE_STYLE}
.phone{width:300px;max-width:100%;border:10px solid #1f2329;border-radius:28px;background:#f7f8fa;overflow:hidden;margin:0 auto}
.phone .title{background:#fff;text-align:center;padding:8px;font-weight:600;border-bottom:1px solid #e5e6eb}
.grid{display:grid;grid-template-columns:repeat(4,1fr);gap:8px;padding:12px}.tile{text-align:center;font-size:11px;color:#1f2329;text-decoration:none}
.tile i{display:flex;width:44px;height:44px;margin:0 auto 4px;border-radius:12px;background:linear-gradient(135deg,#3370ff,#14c9c9);color:#fff;font-style:normal;font-size:18px;align-items:center;justify-content:center}
.list a{display:flex;align-items:center;gap:10px;padding:10px 12px;background:#fff;border-bottom:1px solid #f2f3f5;text-decoration:none;color:#1f2329}.list i{width:32px;height:32px;border-radius:8px;background:#3370ff;color:#fff;font-style:normal;display:flex;align-items:center;justify-content:center}
.menu{display:flex;border-top:1px solid #e5e6eb;background:#fff}.menu div{flex:1;text-align:center;padding:10px 4px;font-size:12px;border-right:1px solid #f2f3f5}
.modes{display:flex;gap:8px;margin-bottom:8px;justify-content:center}.modes label{cursor:pointer;font-size:12px}
.mode-list:checked~.phone .grid{display:none}.mode-grid:checked~.phone .list{display:none}
.qr{width:120px}.row{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
`;

/** A menu button that does what a tap on the phone does: a click-like type sends its event to the app's callback. */
function menuButton(
  agentId: number,
  b: { name?: string; type?: string; key?: string; url?: string },
): string {
  if (b.type === 'view' && b.url) return `<div><a href="${safeHref(b.url)}">${h(b.name)}</a></div>`;
  if (b.key)
    return `<div><button type="button" data-menu-agent="${agentId}" data-menu-type="${h(b.type ?? 'click')}" data-menu-key="${h(b.key)}">${h(b.name)}</button></div>`;
  return `<div>${h(b.name)}</div>`;
}

/** The console's page script: a live refresh every 2 s, and menu buttons that fire their event. */
const SCRIPT = `
document.addEventListener('click', async (event) => {
  const b = event.target.closest('button[data-menu-key]');
  if (!b) return;
  const out = document.querySelector('[data-menu-result="' + b.dataset.menuAgent + '"]');
  const r = await fetch('/_emulator/events', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: b.dataset.menuType.toLowerCase(), agentId: Number(b.dataset.menuAgent), key: b.dataset.menuKey }) });
  const body = await r.json().catch(() => ({}));
  if (out) out.textContent = r.ok ? 'event sent: ' + (body.status ?? '') + (body.reply ? ' · reply: ' + JSON.stringify(body.reply) : '') : 'event failed: ' + (body.error?.message ?? r.status);
});
setInterval(async () => {
  if (document.visibilityState !== 'visible') return;
  const r = await fetch('/_emulator/console', { cache: 'no-store' }).catch(() => undefined);
  if (!r || !r.ok) return;
  const next = new DOMParser().parseFromString(await r.text(), 'text/html');
  for (const id of ['inbox', 'journal', 'media', 'clock']) {
    const now = document.getElementById(id), fresh = next.getElementById(id);
    if (now && fresh) now.replaceWith(fresh);
  }
}, 2000);
`;

async function appCard(corp: SeedCorp, app: SeedApp, world: World, lan: string | undefined): Promise<string> {
  const home = app.homeUrl ?? '';
  // Listening on the LAN: the QR code a phone scans points at this machine's LAN address, not at localhost.
  const qr = home ? await QRCode.toString(forPhones(home, lan), { type: 'svg', margin: 1 }) : '';
  const menu =
    (
      menuState.of(world).menus.get(`wecom:${corp.corpId}:${app.agentId}`) as
        | { button?: { name?: string; type?: string; key?: string; url?: string }[] }
        | undefined
    )?.button ?? [];
  const tile = (label: string) =>
    `<a class="tile" href="${safeHref(home)}" data-open-app="${app.agentId}"><i>${tileLetter(label)}</i>${h(label)}</a>`;
  return `<section id="app-${app.agentId}"><h2>${h(app.name)} <span class="muted">agentId ${app.agentId} · ${h(corp.name)}</span></h2>
  <div class="row"><div style="flex:1"><table>
  <tr><th>Home page</th><td><a href="${safeHref(home)}">${h(home) || '—'}</a></td></tr>
  <tr><th>Trusted domains</th><td>${app.trustedDomains.map((d) => `<span class="tag">${h(d)}</span>`).join('') || '—'}</td></tr>
  <tr><th>Web login domains</th><td>${app.webLoginDomains.map((d) => `<span class="tag">${h(d)}</span>`).join('') || '—'}</td></tr>
  <tr><th>Trusted IPs</th><td>${app.allowedIps.map((d) => `<span class="tag warn">${h(d)}</span>`).join('') || '<span class="muted">any</span>'}</td></tr>
  <tr><th>Callback</th><td>${app.callback ? `<code>${h(app.callback.url)}</code>` : '—'}</td></tr>
  <tr><th>Visible to</th><td>${(app.visibleTo.departments ?? []).map((d) => `<span class="tag">${h(corp.departments.find((x) => x.id === d)?.name ?? d)}</span>`).join('')}${(app.visibleTo.users ?? []).map((u) => `<span class="tag">${h(u)}</span>`).join('')}</td></tr>
  </table></div><div class="qr" title="Scan: opens the home page">${qr}<div class="muted" style="text-align:center">entry QR</div></div></div>
  <h2 style="margin-top:16px">Workbench preview</h2>
  <input type="radio" name="mode-${app.agentId}" id="grid-${app.agentId}" class="mode-grid" checked hidden><input type="radio" name="mode-${app.agentId}" id="list-${app.agentId}" class="mode-list" hidden>
  <div class="modes"><label for="grid-${app.agentId}">宫格 grid</label> · <label for="list-${app.agentId}" data-mode-list>列表 list</label></div>
  <div class="phone"><div class="title">工作台</div>
  <div class="grid">${tile(app.name)}${['审批', '打卡', '汇报', '日程', '微盘', '会议', '公告'].map((n) => `<span class="tile"><i style="background:#c9cdd4">${h(n[0])}</i>${h(n)}</span>`).join('')}</div>
  <div class="list"><a href="${safeHref(home)}" data-open-app-list="${app.agentId}"><i>${tileLetter(app.name)}</i>${h(app.name)}</a><a><i style="background:#c9cdd4">审</i>审批</a><a><i style="background:#c9cdd4">打</i>打卡</a></div>
  <div class="title" style="border-top:1px solid #e5e6eb">${h(app.name)} · 应用菜单</div>
  <div class="menu">${menu.map((b) => menuButton(app.agentId, b)).join('') || '<div class="muted">no menu</div>'}</div></div><p class="muted" data-menu-result="${app.agentId}"></p></section>`;
}

async function render(world: World, lan: string | undefined): Promise<string> {
  const corps = world.seed.wecom;
  const apps = (
    await Promise.all(corps.flatMap((corp) => corp.apps.map((app) => appCard(corp, app, world, lan))))
  ).join('');
  const members = corps
    .map(
      // One id per page: the nav's #directory lands on the first corp; the others get their corp id.
      (
        corp,
        i,
      ) => `<section id="${i === 0 ? 'directory' : `directory-${h(corp.corpId)}`}"><h2>${h(corp.name)} <span class="muted">${h(corp.corpId)}</span></h2>
      <div>${corp.departments.map((d) => `<span class="tag">${h(d.name)} #${d.id}</span>`).join('')}</div>
      <table><tr><th>Member</th><th>userid</th><th>Department</th><th>Position</th></tr>${corp.members
        .map(
          (m) =>
            `<tr><td>${h(m.name)}</td><td><code>${h(m.userid)}</code></td><td>${m.department.map((d) => h(corp.departments.find((x) => x.id === d)?.name ?? d)).join(', ')}</td><td>${h(m.position ?? '')}</td></tr>`,
        )
        .join('')}</table></section>`,
    )
    .join('');
  const accounts = world.seed.officialAccounts
    .map(
      (oa) =>
        `<section><h2>${h(oa.name ?? oa.appId)} <span class="muted">Official Account ${h(oa.appId)}</span></h2><table><tr><th>OAuth domains</th><td>${oa.oauthDomains.map((d) => `<span class="tag">${h(d)}</span>`).join('')}</td></tr><tr><th>Followers</th><td>${oa.followers.map((f) => `<span class="tag">${h(f.nickname)}</span>`).join('')}</td></tr></table></section>`,
    )
    .join('');
  const inbox = `<section id="inbox"><h2>Inbox <span class="muted">message/send</span></h2>${
    messageState.of(world).inbox.length === 0
      ? '<p class="muted">No messages sent yet.</p>'
      : `<table><tr><th>To</th><th>Message</th></tr>${messageState
          .of(world)
          .inbox.slice(-20)
          .reverse()
          .map((m) => {
            const type = String(m.body['msgtype']);
            const content = m.body[type] as Record<string, unknown> | undefined;
            return `<tr><td>${m.delivered.map((u) => `<span class="tag">${h(u)}</span>`).join('')}</td><td><b>${h(type)}</b> ${richSummary(world, m) ?? messageSummary(type, content)}</td></tr>`;
          })
          .join('')}</table>`
  }</section>`;
  const journal = `<section id="journal" style="grid-column:1/-1"><h2>Journal <span class="muted">latest requests, with explanations</span></h2><table><tr><th>Time</th><th>Request</th><th>errcode</th><th>Explanation</th></tr>${traffic
    .of(world)
    .journal.slice(-40)
    .reverse()
    .map((e) => {
      const why = e.note ?? explain(e.errcode)?.meaning ?? '';
      const cls = e.errcode === 0 ? 'ok' : 'err';
      return `<tr><td class="muted">${beijingTime(e.at, 'time')}</td><td><code>${h(e.method)} ${h(e.path)}</code></td><td><span class="tag ${cls}">${e.errcode}</span></td><td>${h(why)}</td></tr>`;
    })
    .join('')}</table></section>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>wxkit emulator console</title><style>${STYLE}${CARD_STYLE}${TEXTCARD_STYLE}</style></head><body>
  <header><b>wxkit emulator</b><span id="clock">WeCom + Official Account on localhost · clock ${beijingTime(world.now())}</span><nav><a href="#directory">Directory</a><a href="/_emulator/console/contacts">Contacts</a><a href="#inbox">Inbox</a><a href="#journal">Journal</a><a href="/_emulator/stats">Stats</a><a href="/_emulator/console/oa">Official Accounts</a><a href="/_emulator/console/providers">Providers</a><a href="/_emulator/oa/outbox">OA outbox</a><a href="/_emulator/console/state">State</a></nav></header>
  <main>${apps}${members}${accounts}${inbox}${mediaSection(world)}${journal}</main><script>${SCRIPT}${CARD_SCRIPT}</script></body></html>`;
}

/** The web console at / (and /_emulator/console). */
export const consolePage: Service = {
  name: 'console',
  register(app, ctx) {
    const show = async (c: Context) => c.html(await render(ctx.world(), ctx.lan()));
    app.get('/', show);
    app.get('/_emulator/console', show);
  },
};
