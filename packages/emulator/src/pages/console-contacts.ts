import type { Service } from '../context.js';
import type { SeedCorp } from '../seed.js';
import type { World } from '../world.js';
import { CONSOLE_STYLE } from './console-style.js';
import { escapeHtml as h } from './html.js';

/** The console's directory page. */
export const CONTACTS_PAGE = '/_emulator/console/contacts';

const STYLE = `${CONSOLE_STYLE}
ul{margin:0;padding-left:18px}
`;

/** Add and remove post to the control API, which fires change_contact at the apps' callbacks; then the page reloads. */
const SCRIPT = `
const send = async (path, body) => {
  const out = document.getElementById('contacts-result');
  const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await r.json().catch(() => ({}));
  out.textContent = r.ok ? 'done; change_contact sent to ' + (data.events || []).map((e) => e.agentId + ' (' + (e.status ?? e.error) + ')').join(', ') : 'refused: ' + (data.error?.message ?? r.status);
  out.dataset.state = r.ok ? 'ok' : 'refused';
  if (r.ok) setTimeout(() => location.reload(), 800);
};
document.addEventListener('submit', (event) => {
  const form = event.target.closest('form[data-add-form]');
  if (!form) return;
  event.preventDefault();
  send('/_emulator/contacts/member', { corpId: form.dataset.corp, action: 'create', member: {
    userid: form.elements.userid.value, name: form.elements.name.value, department: [Number(form.elements.department.value)] } });
});
document.addEventListener('click', (event) => {
  const remove = event.target.closest('button[data-remove-member]');
  if (remove) send('/_emulator/contacts/member', { corpId: remove.dataset.corp, action: 'delete', member: { userid: remove.dataset.removeMember } });
});
`;

function tree(corp: SeedCorp, parent: number | undefined): string {
  const children = corp.departments.filter((d) => d.parentId === parent);
  if (children.length === 0) return '';
  return `<ul>${children
    .map((d) => {
      const n = corp.members.filter((m) => m.department.includes(d.id)).length;
      return `<li>${h(d.name)} <span class="muted">#${d.id} · ${n}</span>${tree(corp, d.id)}</li>`;
    })
    .join('')}</ul>`;
}

/** WeCom member status (1 active): anyone else is in the directory but never in the login picker. */
const STATUS: Record<number, string> = { 2: '已禁用 disabled', 4: '未激活 not activated', 5: '已退出 left' };
const statusMark = (status: number | undefined) =>
  status === undefined || status === 1
    ? ''
    : ` <span class="tag warn" title="not offered on the login picker">${h(STATUS[status] ?? `status ${status}`)}</span>`;

function corpSection(corp: SeedCorp): string {
  const name = (id: number) => h(corp.departments.find((d) => d.id === id)?.name ?? id);
  const members = corp.members
    .map(
      (m) =>
        `<tr data-member="${h(m.userid)}"><td>${h(m.name)}${statusMark(m.status)}</td><td><code>${h(m.userid)}</code></td><td>${m.department.map(name).join(', ')}</td><td>${h(m.position ?? '')}</td><td><button type="button" data-corp="${h(corp.corpId)}" data-remove-member="${h(m.userid)}">remove</button></td></tr>`,
    )
    .join('');
  const tags = (corp.tags ?? [])
    .map(
      (t) =>
        `<tr><td>${h(t.tagname)} <span class="muted">#${t.tagid}</span></td><td>${(t.userids ?? []).map((u) => `<span class="tag">${h(u)}</span>`).join('')}</td><td>${(t.partyids ?? []).map((p) => `<span class="tag">${name(p)}</span>`).join('')}</td></tr>`,
    )
    .join('');
  const options = corp.departments.map((d) => `<option value="${d.id}">${h(d.name)}</option>`).join('');
  return `<section><h2>${h(corp.name)} <span class="muted">${h(corp.corpId)} · departments</span></h2>${tree(corp, undefined)}</section>
  <section style="grid-column:1/-1"><h2>Members <span class="muted">${corp.members.length}</span></h2>
  <form data-add-form data-corp="${h(corp.corpId)}"><input name="userid" placeholder="userid" required> <input name="name" placeholder="名字" required> <select name="department">${options}</select> <button type="submit" data-add-member>add member</button></form>
  <table><tr><th>Member</th><th>userid</th><th>Department</th><th>Position</th><th></th></tr>${members}</table></section>
  <section><h2>Tags <span class="muted">tag/list, tag/get, totag</span></h2>${
    tags
      ? `<table><tr><th>Tag</th><th>Members</th><th>Departments</th></tr>${tags}</table>`
      : '<p class="muted">No tags in the seed.</p>'
  }</section>`;
}

export function renderContacts(world: World): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>wxkit emulator · directory</title><style>${STYLE}</style></head><body>
  <header><b>Directory</b><span class="muted">adding or removing a member sends change_contact to the apps that see it</span><a href="/_emulator/console">← console</a></header>
  <p id="contacts-result" class="muted" style="padding:0 24px" aria-live="polite"></p>
  <main>${world.seed.wecom.map(corpSection).join('')}</main><script>${SCRIPT}</script></body></html>`;
}

export const contactsConsole: Service = {
  name: 'console-contacts',
  register(app, ctx) {
    app.get(CONTACTS_PAGE, (c) => c.html(renderContacts(ctx.world())));
  },
};
