import type { Service } from '../../context.js';
import { beijingTime, escapeHtml as h, page } from '../../pages/html.js';
import type { World } from '../../world.js';
import { overview } from './control.js';
import { installableCorps } from './seed.js';
import { corpsOf } from './state.js';

/** Where the console's provider page lives (linked from the console's nav). */
export const PROVIDER_PAGE_PATH = '/_emulator/console/providers';

const time = (ms: number | null | undefined) => (ms ? beijingTime(ms) : '—');

// Every button posts its data-* fields as JSON to /_emulator/providers/<data-action>, then reloads.
const SCRIPT = `
document.addEventListener('click', async (event) => {
  const b = event.target.closest('button[data-action]');
  if (!b) return;
  const body = { ...b.dataset };
  delete body.action;
  const extra = b.dataset.ask ? prompt(b.dataset.ask, b.dataset.askDefault ?? '') : undefined;
  if (b.dataset.ask && extra === null) return;
  if (b.dataset.ask) body[b.dataset.askField] = extra;
  delete body.ask; delete body.askDefault; delete body.askField;
  const r = await fetch('/_emulator/providers/' + b.dataset.action, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await r.json().catch(() => ({}));
  document.getElementById('provider-result').textContent = r.ok ? JSON.stringify(data) : 'refused: ' + (data.error?.message ?? r.status);
  if (r.ok) setTimeout(() => location.reload(), 600);
});
`;

function suiteCard(world: World, suite: ReturnType<typeof overview>['suites'][number]): string {
  const seedSuite = (world.seed.providers ?? [])
    .flatMap((p) => p.suites)
    .find((s) => s.suiteId === suite.suiteId);
  const may = seedSuite ? installableCorps(seedSuite, corpsOf(world)) : [];
  const installed = new Set(suite.tenants.map((t) => t.corpId));
  const tenants = suite.tenants
    .map(
      (t) =>
        `<tr data-tenant="${h(t.corpId)}"><td><b>${h(t.corpName)}</b><div class="sub">${h(t.corpId)}</div></td><td>agent ${t.agentId}</td><td class="sub">departments ${h((t.visibleTo.departments ?? []).join(',') || '—')} · users ${h((t.visibleTo.users ?? []).join(',') || '—')}</td><td>
<button class="btn secondary" type="button" data-action="visible-range" data-suite-id="${h(suite.suiteId)}" data-corp-id="${h(t.corpId)}" data-ask="Visible departments (ids, comma separated)" data-ask-field="departments" data-ask-default="1">visible range</button>
<button class="btn secondary" type="button" data-action="event" data-suite-id="${h(suite.suiteId)}" data-corp-id="${h(t.corpId)}" data-ask="Event (enter_agent, click, text…)" data-ask-field="type" data-ask-default="enter_agent">send an event</button>
<button class="btn secondary" type="button" data-action="reset-permanent-code" data-suite-id="${h(suite.suiteId)}" data-corp-id="${h(t.corpId)}">reset permanent code</button>
<button class="btn secondary" type="button" data-action="cancel" data-suite-id="${h(suite.suiteId)}" data-corp-id="${h(t.corpId)}">cancel</button></td></tr>`,
    )
    .join('');
  const installs = may
    .filter((corpId) => !installed.has(corpId))
    .map(
      (corpId) =>
        `<button class="btn" type="button" data-action="install" data-suite-id="${h(suite.suiteId)}" data-corp-id="${h(corpId)}">install in ${h(world.corp(corpId)?.name ?? corpId)}</button>`,
    )
    .join(' ');
  const tickets = suite.tickets
    .slice(-3)
    .reverse()
    .map(
      (t) =>
        `<li><code>${h(t.shown)}</code> ${time(t.pushedAt)} ${t.delivered ? '· answered' : '· not answered'}</li>`,
    )
    .join('');
  return `<div class="card" data-suite="${h(suite.suiteId)}"><h1>${h(suite.name)} <span class="sub">${h(suite.kind === 'customized' ? '代开发 template' : '第三方应用')} · ${h(suite.suiteId)} · provider ${h(suite.provider)}</span></h1>
<p class="muted">指令回调 ${h(suite.commandUrl)} · 数据回调 ${h(suite.dataUrl)} · URL check ${suite.verifiedAt ? `passed ${time(suite.verifiedAt)}` : 'not passed yet (the app is not answering)'}</p>
<p><button class="btn secondary" type="button" data-action="ticket" data-suite-id="${h(suite.suiteId)}">push suite_ticket now</button> <button class="btn secondary" type="button" data-action="verify" data-suite-id="${h(suite.suiteId)}">check the command URL</button> ${installs}</p>
<b>Last tickets</b><ul>${tickets || '<li class="sub">none pushed yet</li>'}</ul>
<b>Installed corps</b><table>${tenants || '<tr><td class="sub">none</td></tr>'}</table></div>`;
}

/** The console's provider page: suites, installed corps, the last tickets, recent pushes and the app's answers. */
export const providerConsole: Service = {
  name: 'provider-console',
  register(app, ctx) {
    app.get(PROVIDER_PAGE_PATH, (c) => {
      const world = ctx.world();
      const view = overview(world);
      const pushes = view.pushes
        .slice(0, 30)
        .map(
          (p) =>
            `<tr><td>${time(p.at)}</td><td>${h(p.suiteId)}</td><td>${h(p.to)} · ${h(p.type)}${p.corpId ? ` · ${h(p.corpId)}` : ''}</td><td class="sub">receiveid ${h(p.receiveId)}</td><td>${p.status || '—'} ${h(p.error ?? p.answer)}</td></tr>`,
        )
        .join('');
      const body = `${view.suites.map((s) => suiteCard(world, s)).join('') || '<div class="card"><p class="muted">No providers in the seed (providers: in the YAML).</p></div>'}
<div class="card"><h1>Recent pushes</h1><table>${pushes || '<tr><td class="sub">none yet</td></tr>'}</table></div>
<p id="provider-result" class="muted"></p><script>${SCRIPT}</script>`;
      return c.html(page('Providers 服务商', body));
    });
  },
};
