import type { Service } from '../context.js';
import type { ControlHooks } from '../services/control.js';
import { beijingTime, escapeHtml as h, page } from './html.js';

/** Where the console's "State" page lives: named snapshots (save as, restore, delete) and reset. */
export const STATE_PAGE_PATH = '/_emulator/console/state';

const SCRIPT = `
const call = async (method, path, body) => {
  const r = await fetch(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  const data = await r.json().catch(() => ({}));
    document.getElementById('state-result').textContent = r.ok ? 'done' : 'refused: ' + (data.error?.message ?? r.status);
  if (r.ok) setTimeout(() => location.reload(), 300);
};
document.getElementById('save-as').addEventListener('submit', (event) => {
  event.preventDefault();
  call('POST', '/_emulator/snapshots', { name: event.target.elements.name.value });
});
document.addEventListener('click', (event) => {
  const b = event.target.closest('button[data-snapshot]');
  if (b) call(b.dataset.action === 'delete' ? 'DELETE' : 'POST', '/_emulator/snapshots/' + encodeURIComponent(b.dataset.snapshot) + (b.dataset.action === 'restore' ? '/restore' : ''));
  if (event.target.closest('button[data-reset]')) call('POST', '/_emulator/reset');
});
`;

/** The console's State page: save the whole state under a name, bring one back, or start again from the seed. */
export function stateConsole(hooks: ControlHooks): Service {
  return {
    name: 'console-state',
    register(app, ctx) {
      app.get(STATE_PAGE_PATH, (c) => {
        const rows = hooks
          .list()
          .map(
            (s) =>
              `<div data-snapshot-row="${h(s.name)}" style="display:flex;align-items:center;gap:8px;padding:8px 0;border-bottom:1px solid #f2f3f5"><div style="flex:1"><b>${h(s.name)}</b><div class="sub">clock ${beijingTime(s.at)} · ${Math.ceil(s.bytes / 1024)} KiB</div></div><button class="btn" type="button" data-snapshot="${h(s.name)}" data-action="restore">restore</button><button class="btn secondary" type="button" data-snapshot="${h(s.name)}" data-action="delete">delete</button></div>`,
          )
          .join('');
        const body = `<div class="card"><h1>Save as</h1><p class="muted">The whole state — every feature's collections, the directory and followers, the clock (now ${beijingTime(ctx.world().now())}) — kept under a name until the emulator stops. A restore brings it back without a restart.</p>
<form id="save-as"><input name="name" placeholder="after-login" pattern="[A-Za-z0-9._\\-]{1,64}" required><button class="btn" type="submit">save as</button></form></div>
<div class="card"><h1>Snapshots</h1>${rows ? rows : '<p class="muted">None saved yet.</p>'}</div>
<div class="card"><h1>Reset</h1><p class="muted">Back to the seed: every token, code, message and push forgotten.</p><button class="btn secondary" type="button" data-reset>reset</button></div>
<p id="state-result" class="muted"></p><script>${SCRIPT}</script>`;
        return c.html(page('State', body));
      });
    },
  };
}
