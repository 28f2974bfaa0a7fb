import { placeholders, TEMPLATE_FIELD_SHOWN } from '@wxkit/core/rules';
import type { Service } from '../../context.js';
import { messageSummary } from '../../pages/console-media.js';
import { beijingTime, escapeHtml as h, page, safeHref } from '../../pages/html.js';
import type { SeedOfficialAccount } from '../../seed.js';
import type { World } from '../../world.js';
import { isFollowing } from '../users/follow.js';
import type { OaOutboxEntry } from './messages.js';
import { oaMessageState } from './messages.js';
import { interactionOfFollower } from './window.js';

/** Where the console links to: the Official Accounts' outbox. */
export const OA_OUTBOX_PATH = '/_emulator/oa/outbox';

/** A field as a follower sees it since 2023-05-04: 20 characters, no line breaks. */
const shown = (value: string) => {
  const chars = [...value.replace(/[\r\n]+/g, ' ')];
  return chars.length > TEMPLATE_FIELD_SHOWN
    ? `${chars.slice(0, TEMPLATE_FIELD_SHOWN).join('')}…`
    : chars.join('');
};

/** The template's content with the sent data filled in, as the message card shows it. */
export function renderTemplate(content: string, data: Record<string, unknown>): string {
  const keys = new Set(placeholders(content));
  return h(content)
    .replace(/\\n|\n/g, '<br>')
    .replace(/\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}/g, (_, key: string) => {
      const field = data[key] as { value?: unknown } | undefined;
      return keys.has(key) ? `<b>${h(shown(String(field?.value ?? '')))}</b>` : '';
    });
}

function templateCard(account: SeedOfficialAccount, m: OaOutboxEntry): string {
  const template = (account.templates ?? []).find((t) => t.template_id === m.body['template_id']);
  const data = (m.body['data'] ?? {}) as Record<string, unknown>;
  const url = typeof m.body['url'] === 'string' ? m.body['url'] : undefined;
  const cls = m.status === 'success' ? 'ok' : 'err';
  return `<div class="card" data-msgid="${m.msgid}"><div class="sub">${beijingTime(m.at)} → <code>${h(m.openid)}</code> · msgid ${m.msgid} · <span class="${cls}">${h(m.status ?? '')}</span></div>
  <h1 style="font-size:15px">${h(template?.title ?? String(m.body['template_id']))}</h1><p>${renderTemplate(template?.content ?? '', data)}</p>${
    url ? `<a class="sub" href="${safeHref(url)}">详情 ${h(url)}</a>` : ''
  }</div>`;
}

function followerCard(
  world: World,
  account: SeedOfficialAccount,
  openid: string,
  messages: OaOutboxEntry[],
): string {
  const window = interactionOfFollower(world, account.appId, openid);
  const now = world.now();
  const left = window ? window.until - now : 0;
  const state = !isFollowing(account, openid)
    ? 'not following'
    : window && left > 0
      ? `window open: ${Math.floor(left / 3_600_000)} h ${Math.floor((left % 3_600_000) / 60_000)} min left, ${window.remaining} message(s) (after a ${h(window.kind)})`
      : 'window closed (45015): the follower has to message, click, follow or scan first';
  return `<div class="card" data-follower="${h(openid)}"><div><code>${h(openid)}</code> <span class="sub" data-window>${state}</span></div>${messages
    .map((m) => {
      const type = String(m.body['msgtype']);
      return `<div class="sub">${beijingTime(m.at)} <b>${h(type)}</b> ${messageSummary(type, m.body[type] as Record<string, unknown>)}</div>`;
    })
    .join('')}</div>`;
}

function render(world: World): string {
  const outbox = oaMessageState.of(world).outbox.toArray().reverse();
  const sections = world.seed.officialAccounts.map((account) => {
    const mine = outbox.filter((m) => m.appId === account.appId);
    const templates = mine.filter((m) => m.kind === 'template').slice(0, 30);
    const openids = new Set([
      ...account.followers.map((f) => f.openid),
      ...mine.filter((m) => m.kind === 'custom').map((m) => m.openid),
    ]);
    return `<h1>${h(account.name ?? account.appId)}</h1><p class="muted">${h(account.appId)} · template messages and customer-service messages</p>
    <h2 style="font-size:15px">模板消息 Template messages</h2>${templates.map((m) => templateCard(account, m)).join('') || '<p class="muted">None sent yet.</p>'}
    <h2 style="font-size:15px">客服消息 Customer-service messages</h2>${[...openids]
      .map((o) =>
        followerCard(
          world,
          account,
          o,
          mine.filter((m) => m.kind === 'custom' && m.openid === o).slice(0, 10),
        ),
      )
      .join('')}`;
  });
  return page(
    'Official Account outbox',
    `<p class="muted"><a href="/_emulator/console">← console</a> · clock ${beijingTime(world.now())}</p>${sections.join('')}`,
  );
}

/** The Official Accounts' outbox at /_emulator/oa/outbox (linked from the console). */
export const oaMessagesConsole: Service = {
  name: 'console-oa-messages',
  register(app, ctx) {
    app.get(OA_OUTBOX_PATH, (c) => c.html(render(ctx.world())));
  },
};
