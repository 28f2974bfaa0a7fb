import type { Service } from '../../context.js';
import { beijingTime, escapeHtml as h, page } from '../../pages/html.js';
import type { SeedOfficialAccount } from '../../seed.js';
import type { World } from '../../world.js';
import { renderTemplate } from '../messages/console.js';
import { subscribeState } from './bizsend.js';

/** Where the Official Account console links to: subscription grants and notifications sent. */
export const OA_SUBSCRIBE_PATH = '/_emulator/oa/subscriptions';

function section(world: World, account: SeedOfficialAccount): string {
  const templates = account.subscribeTemplates ?? [];
  const grants = [...subscribeState.of(world).grants.values()]
    .filter((g) => g.appId === account.appId)
    .reverse();
  const sent = subscribeState
    .of(world)
    .sent.toArray()
    .filter((m) => m.appId === account.appId)
    .reverse()
    .slice(0, 30);
  const title = (id: string) => templates.find((t) => t.priTmplId === id)?.title ?? id;
  const grantRows = grants
    .slice(0, 100)
    .map(
      (g) =>
        `<tr data-grant="${h(`${g.openid}:${g.templateId}`)}"><td><code>${h(g.openid)}</code></td><td>${h(title(g.templateId))}</td><td class="${g.status === 'accept' ? 'ok' : 'err'}">${h(g.status)}</td><td>${
          g.status === 'reject' ? '43101' : g.type === 3 ? 'long-term' : `${g.remaining} send(s) left`
        }</td><td class="sub">${beijingTime(g.at)}</td></tr>`,
    )
    .join('');
  const cards = sent
    .map((m) => {
      const template = templates.find((t) => t.priTmplId === m.templateId);
      const data = (m.body['data'] ?? {}) as Record<string, unknown>;
      return `<div class="card" data-msgid="${m.msgid}"><div class="sub">${beijingTime(m.at)} → <code>${h(m.openid)}</code> · msgid ${m.msgid}</div><h1 style="font-size:15px">${h(template?.title ?? m.templateId)}</h1><p>${renderTemplate(template?.content ?? '', data)}</p></div>`;
    })
    .join('');
  return `<h1>${h(account.name ?? account.appId)}</h1><p class="muted">${h(account.appId)} · ${templates.length} subscription template(s): ${templates.map((t) => `${h(t.title)} <code>${h(t.priTmplId)}</code> (${(t.type ?? 2) === 3 ? 'long-term' : 'one-time'})`).join(', ') || 'none in the seed'}</p>
  <h2 style="font-size:15px">订阅 Grants <span class="muted">POST /_emulator/oa/subscribe-popup plays the popup</span></h2>${
    grantRows
      ? `<table><tr><th>openid</th><th>Template</th><th>Choice</th><th>bizsend</th><th>At</th></tr>${grantRows}</table>`
      : '<p class="muted">No popup choices yet.</p>'
  }
  <h2 style="font-size:15px">订阅通知 Notifications sent</h2>${cards || '<p class="muted">None sent yet.</p>'}`;
}

/** Subscription notifications at /_emulator/oa/subscriptions (linked from the Official Account console). */
export const oaSubscribeConsole: Service = {
  name: 'console-oa-subscribe',
  register(app, ctx) {
    app.get(OA_SUBSCRIBE_PATH, (c) => {
      const world = ctx.world();
      return c.html(
        page(
          'Official Account subscription notifications',
          `<p class="muted"><a href="/_emulator/console/oa">← Official Accounts</a> · clock ${beijingTime(world.now())}</p>${world.seed.officialAccounts.map((a) => section(world, a)).join('')}`,
        ),
      );
    });
  },
};
