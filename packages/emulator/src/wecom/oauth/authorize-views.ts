import { avatarLetter, escapeHtml, page } from '../../pages/html.js';
import type { Target } from './target.js';

type Params = Record<string, string>;

/** The authorize page's views: the member (or follower) picker and the consent page. */

export function picker(
  target: Target,
  q: Params,
  action: string,
  title: string,
  intro: string,
  qr = '',
): string {
  const hidden = Object.entries(q)
    .filter(([k]) => !['login_as', 'pick', 'consent', 'new_userid', 'new_name'].includes(k))
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const needsConsent = target.scope === 'snsapi_privateinfo' || target.scope === 'snsapi_userinfo';
  const rows = target.people
    .map(
      (p) =>
        `<button class="member" name="pick" value="${escapeHtml(p.id)}" data-login-as="${escapeHtml(p.id)}"><span class="avatar">${avatarLetter(p.name)}</span><span><b>${escapeHtml(p.name)}</b><br><span class="sub">${escapeHtml(p.sub)} · ${escapeHtml(p.id)}</span></span></button>`,
    )
    .join('');
  const add =
    target.platform === 'wecom'
      ? `<div class="card"><h1>添加成员</h1><p class="muted">Adds a member to the root department and logs in as them.</p><form method="post" action="${action}">${hidden}<input name="new_userid" placeholder="userid, e.g. xiaoli" required pattern="[0-9A-Za-z][0-9A-Za-z_.@-]{0,63}"><input name="new_name" placeholder="姓名" required><button class="btn secondary">添加并登录</button></form></div>`
      : '';
  return page(
    title,
    `${qr ? `<div class="card" style="text-align:center"><div style="width:180px;margin:0 auto">${qr}</div><p class="muted">用企业微信扫一扫登录</p></div>` : ''}<div class="card"><h1>${escapeHtml(title)}</h1><p class="muted">${escapeHtml(intro)}${needsConsent ? ' · 需要用户确认授权' : ''}</p><form method="get" action="${action}">${hidden}${rows || '<p class="muted">No one is in the app\'s visible range.</p>'}</form></div>${add}<div class="card"><form method="post" action="${action}">${hidden}<input type="hidden" name="decline" value="1"><button class="btn secondary" data-decline>拒绝授权 (decline)</button></form></div>`,
  );
}

export function consent(target: Target, q: Params, action: string, who: string): string {
  const fields = (extra: Params) =>
    Object.entries({ ...q, ...extra })
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('');
  const what = target.scope === 'snsapi_privateinfo' ? '头像、性别、手机、邮箱等敏感信息' : '昵称、头像';
  return page(
    '授权确认',
    `<div class="card"><h1>${escapeHtml(who)}，是否允许应用获取你的${what}？</h1><p class="muted">scope ${escapeHtml(target.scope)}</p><form method="get" action="${action}">${fields({ consent: 'yes' })}<button class="btn" data-allow>允许</button></form><br><form method="post" action="${action}">${fields({ decline: '1' })}<button class="btn secondary" data-decline>拒绝</button></form></div>`,
  );
}
