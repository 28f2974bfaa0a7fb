import { escapeHtml as h, safeHref } from '../../pages/html.js';
import type { World } from '../../world.js';
import type { SentMessage } from '../message/message.js';
import { type CardRecord, cardKey, cardState, viewOf } from './cards.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export const CARD_STYLE = `
.wxcard{border:1px solid #e5e6eb;border-radius:8px;padding:10px;margin:4px 0;background:#fff;max-width:360px}
.wxcard .src{color:#86909c;font-size:12px}.wxcard .t{font-weight:600}.wxcard .d{color:#86909c;font-size:12px}
.wxcard .em{font-size:20px;color:#3370ff}.wxcard .kv{display:flex;gap:8px;font-size:12px}.wxcard .kv b{color:#86909c;font-weight:400;min-width:4em}
.wxcard .btns{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}.wxcard button{border:1px solid #3370ff;background:#fff;color:#3370ff;border-radius:4px;padding:2px 10px;cursor:pointer}
.wxcard button[disabled]{border-color:#c9cdd4;color:#86909c;cursor:default}.wxcard .menu{float:right}.wxcard .menu button{border:0;font-size:11px;padding:0 4px}
.md code{background:#f2f3f5}.md blockquote{margin:0;padding-left:8px;border-left:3px solid #e5e6eb;color:#4e5969}
`;

/** WeCom's markdown subset (doc 90236 附录): headings, bold, links, `code`, > quotes and <font color="info|comment|warning">. */
export function renderMarkdown(source: string): string {
  const colors: Record<string, string> = { info: '#00b42a', comment: '#86909c', warning: '#d25f00' };
  return `<div class="md">${source
    .split('\n')
    .map((line) => {
      let html = h(line)
        .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
        .replace(/`([^`]+)`/g, '<code>$1</code>')
        .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2">$1</a>')
        .replace(
          /&lt;font color=&quot;(info|comment|warning)&quot;&gt;(.*?)&lt;\/font&gt;/g,
          (_m, c: string, t: string) => `<span style="color:${colors[c]}">${t}</span>`,
        );
      const heading = /^(#{1,6}) (.*)$/.exec(html);
      if (heading) html = `<b style="font-size:${18 - (heading[1]?.length ?? 1)}px">${heading[2]}</b>`;
      if (html.startsWith('&gt;')) html = `<blockquote>${html.slice(4).trim()}</blockquote>`;
      return html;
    })
    .join('<br>')}</div>`;
}

export function renderMpnews(mpnews: Obj | undefined): string {
  return objects(mpnews?.['articles'])
    .map(
      (a) =>
        `<div class="wxcard"><div class="t">${h(str(a['title']))}</div><div class="d">${h(str(a['author']))}${a['digest'] ? ` · ${h(str(a['digest']))}` : ''}</div>${
          a['content_source_url']
            ? `<a class="d" href="${safeHref(str(a['content_source_url']))}">阅读原文</a>`
            : ''
        }</div>`,
    )
    .join('');
}

/** One card as a member sees it; callback buttons carry what the console's script posts to /_emulator/card/click. */
export function renderCard(
  card: Obj,
  clickable?: { record: CardRecord; users: string[]; replaceName?: string },
): string {
  const title = isObj(card['main_title']) ? card['main_title'] : {};
  const data = clickable
    ? ` data-card-corp="${h(clickable.record.corpId)}" data-card-agent="${clickable.record.agentId}" data-card-task="${h(clickable.record.taskId)}"`
    : '';
  const button = (key: string, label: string) =>
    clickable && !clickable.replaceName
      ? `<button type="button" data-card-key="${h(key)}">${h(label)}</button>`
      : `<button type="button" disabled>${h(label)}</button>`;
  const source = isObj(card['source']) ? `<div class="src">${h(str(card['source']['desc']))}</div>` : '';
  const menu = isObj(card['action_menu'])
    ? `<span class="menu">${objects(card['action_menu']['action_list'])
        .map((a) => button(str(a['key']), str(a['text'])))
        .join('')}</span>`
    : '';
  const emphasis = isObj(card['emphasis_content'])
    ? `<div class="em">${h(str(card['emphasis_content']['title']))}</div><div class="d">${h(str(card['emphasis_content']['desc']))}</div>`
    : '';
  const rows = [...objects(card['horizontal_content_list']), ...objects(card['vertical_content_list'])]
    .map(
      (r) =>
        `<div class="kv"><b>${h(str(r['keyname'] ?? r['title']))}</b><span>${h(str(r['value'] ?? r['desc']))}</span></div>`,
    )
    .join('');
  const options = (question: Obj, multiple: boolean) =>
    objects(question['option_list'])
      .map(
        (o) =>
          `<label><input type="${multiple ? 'checkbox' : 'radio'}" name="${h(str(question['question_key']))}" data-card-question="${h(str(question['question_key']))}" value="${h(str(o['id']))}"${o['is_checked'] ? ' checked' : ''}> ${h(str(o['text']))}</label> `,
      )
      .join('');
  const select = (question: Obj) =>
    `<div class="kv"><b>${h(str(question['title']))}</b><select data-card-question="${h(str(question['question_key']))}">${objects(
      question['option_list'],
    )
      .map(
        (o) =>
          `<option value="${h(str(o['id']))}"${o['id'] === question['selected_id'] ? ' selected' : ''}>${h(str(o['text']))}</option>`,
      )
      .join('')}</select></div>`;
  const checkbox = isObj(card['checkbox'])
    ? `<div>${options(card['checkbox'], card['checkbox']['mode'] === 1)}</div>`
    : '';
  const selects = [
    ...(isObj(card['button_selection']) ? [card['button_selection']] : []),
    ...objects(card['select_list']),
  ]
    .map(select)
    .join('');
  const buttons = objects(card['button_list']).map((b) =>
    b['type'] === 1
      ? `<a href="${safeHref(str(b['url']))}">${h(str(b['text']))}</a>`
      : button(str(b['key']), str(b['text'])),
  );
  if (isObj(card['submit_button']))
    buttons.push(button(str(card['submit_button']['key']), str(card['submit_button']['text'])));
  const greyed = clickable?.replaceName
    ? [`<button type="button" disabled>${h(clickable.replaceName)}</button>`]
    : [];
  const who = clickable
    ? `<select data-card-user title="tap as">${clickable.users.map((u) => `<option>${h(u)}</option>`).join('')}</select>`
    : '';
  return `<div class="wxcard"${data}>${menu}${source}<div class="t">${h(str(title['title']))}</div><div class="d">${h(str(title['desc']))}</div>${emphasis}${
    card['sub_title_text'] ? `<div>${h(str(card['sub_title_text']))}</div>` : ''
  }${rows}${checkbox}${selects}<div class="btns">${(greyed.length > 0 ? greyed : buttons).join('')} ${who}</div><div class="d" data-card-result></div></div>`;
}

/** An inbox entry of a template card: one rendering per distinct view its recipients have after updates. */
export function inboxCard(world: World, message: SentMessage): string {
  const card = message.body['template_card'];
  if (!isObj(card)) return '';
  const taskId = typeof card['task_id'] === 'string' ? card['task_id'] : undefined;
  const record = taskId
    ? cardState.of(world).cards.get(cardKey(message.corpId, message.agentId, taskId))
    : undefined;
  if (!record) return renderCard(card);
  const groups = new Map<string, { view: ReturnType<typeof viewOf>; users: string[] }>();
  for (const userid of record.recipients) {
    const view = viewOf(record, userid);
    const key = JSON.stringify(view);
    const group = groups.get(key) ?? { view, users: [] };
    group.users.push(userid);
    groups.set(key, group);
  }
  const clicks = record.clicks
    .slice(-3)
    .map(
      (c) =>
        `<div class="d">${h(c.userid)} tapped ${h(c.eventKey)}${c.selected ? ` (${h(c.selected.map((s) => `${s.questionKey}=${s.optionIds.join('+')}`).join(', '))})` : ''}</div>`,
    )
    .join('');
  return `${[...groups.values()]
    .map(({ view, users }) =>
      renderCard(view.card, {
        record,
        users,
        ...(view.replaceName ? { replaceName: view.replaceName } : {}),
      }),
    )
    .join('')}${clicks}`;
}

/** The inbox cell for the types this file renders; undefined for the others (console-media.ts has them). */
export function richSummary(world: World, message: SentMessage): string | undefined {
  const type = String(message.body['msgtype']);
  if (type === 'template_card') return inboxCard(world, message);
  if (type === 'mpnews') return renderMpnews(message.body['mpnews'] as Obj | undefined);
  if (type === 'markdown')
    return renderMarkdown(str((message.body['markdown'] as Obj | undefined)?.['content']));
  return undefined;
}

/** A tap on a card's button in the console: what a member's tap does (POST /_emulator/card/click). */
export const CARD_SCRIPT = `
document.addEventListener('click', async (event) => {
  const b = event.target.closest('button[data-card-key]');
  if (!b) return;
  const card = b.closest('.wxcard');
  const selected = {};
  card.querySelectorAll('input[data-card-question]:checked').forEach((i) => (selected[i.dataset.cardQuestion] ??= []).push(i.value));
  card.querySelectorAll('select[data-card-question]').forEach((s) => { selected[s.dataset.cardQuestion] = [s.value]; });
  const user = card.querySelector('select[data-card-user]');
  const r = await fetch('/_emulator/card/click', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ corpId: card.dataset.cardCorp, agentId: Number(card.dataset.cardAgent), taskId: card.dataset.cardTask,
      userid: user ? user.value : '', key: b.dataset.cardKey, selected }) });
  const body = await r.json().catch(() => ({}));
  const out = card.querySelector('[data-card-result]');
  if (out) out.textContent = r.ok ? 'template_card_event sent: ' + (body.status ?? '') : 'click refused: ' + (body.error?.message ?? r.status);
});
`;
