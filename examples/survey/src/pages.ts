import type { Platform } from '@wxkit/core';
import { escapeHtml } from '@wxkit/core/contract';
import type { SessionUser } from '@wxkit/server';
import { type Question, SURVEY } from './survey.js';

// The kits' one escaping rule (core's contract).
export const h = escapeHtml;

const CSS = `*{box-sizing:border-box}body{margin:0;background:#f5f6f7;color:#1f2329;font:15px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif}
header{background:linear-gradient(135deg,#3370ff,#4e83fd);color:#fff;padding:20px 16px 28px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;opacity:.85;font-size:13px}
main{max-width:560px;margin:-14px auto 24px;padding:0 12px}.card{background:#fff;border-radius:12px;padding:16px;margin-bottom:12px;box-shadow:0 1px 3px rgba(0,0,0,.06)}
.who{display:flex;align-items:center;gap:10px}.avatar{width:40px;height:40px;border-radius:50%;background:#e8f0ff;color:#3370ff;display:flex;align-items:center;justify-content:center;font-weight:600}
.q{font-weight:600;margin-bottom:8px}label.opt{display:flex;align-items:center;gap:8px;padding:8px 10px;border:1px solid #e5e6eb;border-radius:8px;margin-bottom:6px}
.rating{display:flex;gap:6px}.rating label{flex:1;text-align:center;border:1px solid #e5e6eb;border-radius:8px;padding:8px 0}.rating input{display:none}.rating input:checked+span{color:#3370ff;font-weight:700}
textarea,select{width:100%;font:inherit;padding:8px;border:1px solid #e5e6eb;border-radius:8px}button,.btn{display:block;width:100%;border:0;border-radius:10px;padding:12px;font:inherit;font-weight:600;background:#3370ff;color:#fff;text-align:center;text-decoration:none}
.muted{color:#86909c;font-size:13px}.error{color:#f53f3f}nav{display:flex;gap:8px;margin-bottom:12px}nav a{flex:1;text-align:center;background:#fff;border-radius:8px;padding:8px;color:#3370ff;text-decoration:none;font-size:14px}
.bar text{font-size:12px;fill:#4e5969}.ok{color:#00b42a;font-weight:600}
.photos{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}.photos img{width:96px;height:96px;object-fit:cover;border-radius:8px;background:#f2f3f5}button.secondary{background:#e8f0ff;color:#3370ff}`;

/** Where an edition's pages live and which platform the page script logs in on. */
export interface PageContext {
  /** '' for the WeCom edition (or a lone edition), '/oa' for the Official Account edition beside it. */
  base: string;
  platform: Platform;
}

export function layout(title: string, body: string, page: PageContext, script = ''): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover"><title>${h(title)}</title><style>${CSS}</style></head><body>
<header><h1>${h(title)}</h1><p>${h(SURVEY.intro)}</p></header><main>${body}</main>
<script type="module" src="${h(page.base)}/assets/app.js" data-page="${h(script)}" data-base="${h(page.base)}" data-platform="${h(page.platform)}"></script></body></html>`;
}

export const loginPage = (page: PageContext) =>
  layout('问卷调查', '<div class="card" id="status">正在登录…</div>', page, 'login');

const who = (user: SessionUser, department: string) =>
  `<div class="card who"><div class="avatar">${h([...user.name].slice(-1)[0])}</div><div><b id="member-name">${h(user.name)}</b><div class="muted" id="member-department">${h(department || '—')}</div></div></div>`;

const nav = (page: PageContext) =>
  `<nav><a href="${h(page.base)}/">填写问卷</a><a href="${h(page.base)}/results">查看结果</a><a href="${h(page.base)}/admin">管理</a></nav>`;

function field(q: Question): string {
  if (q.type === 'single' || q.type === 'multiple') {
    const kind = q.type === 'single' ? 'radio' : 'checkbox';
    return q.options
      .map((o) => `<label class="opt"><input type="${kind}" name="${q.id}" value="${h(o)}"> ${h(o)}</label>`)
      .join('');
  }
  if (q.type === 'rating') {
    return `<div class="rating">${[1, 2, 3, 4, 5].map((n) => `<label><input type="radio" name="${q.id}" value="${n}"><span>${n}</span></label>`).join('')}</div>`;
  }
  if (q.type === 'photo') {
    // The page script fills in one hidden input per uploaded photo (its serverId) and a preview.
    return `<div class="photos" data-photos="${q.id}" data-max="${q.max}"></div><button type="button" class="secondary" data-choose-photo="${q.id}">选择照片</button><p class="muted" data-photo-status="${q.id}">最多 ${q.max} 张</p>`;
  }
  return `<textarea name="${q.id}" rows="3" maxlength="${q.maxLength}" placeholder="选填"></textarea>`;
}

/** The questions whose answers are lists (the page sends every value of these names). */
const listNames = (SURVEY.questions as readonly Question[])
  .filter((q) => q.type === 'multiple' || q.type === 'photo')
  .map((q) => q.id)
  .join(',');

export function surveyPage(
  page: PageContext,
  user: SessionUser,
  department: string,
  submitted: boolean,
  options: { photos: boolean } = { photos: true },
): string {
  const questions = (SURVEY.questions as readonly Question[])
    .filter((q) => q.type !== 'photo' || options.photos)
    .map((q, i) => `<div class="card"><div class="q">${i + 1}. ${h(q.title)}</div>${field(q)}</div>`)
    .join('');
  return layout(
    SURVEY.title,
    `${who(user, department)}${nav(page)}${submitted ? '<div class="card muted">你已提交过，再次提交会更新你的回答。</div>' : ''}<form id="survey" data-lists="${listNames}">${questions}<p class="error" id="error"></p><button type="submit">提交</button></form><div class="card" id="done" hidden><p class="ok">提交成功，谢谢！</p><a class="btn" href="${h(page.base)}/results">查看结果</a></div><p class="muted" id="jssdk">JS-SDK: 准备中…</p>`,
    page,
    'survey',
  );
}

function chart(question: Question, counts: Record<string, number>): string {
  const labels =
    question.type === 'rating'
      ? ['1', '2', '3', '4', '5']
      : question.type === 'text' || question.type === 'photo'
        ? []
        : question.options;
  if (labels.length === 0)
    return `<p class="muted">${Object.values(counts).reduce((a, b) => a + b, 0)} 条${question.type === 'photo' ? '照片' : '文字建议'}</p>`;
  const max = Math.max(1, ...labels.map((l) => counts[l] ?? 0));
  const row = 28;
  const bars = labels
    .map((label, i) => {
      const n = counts[label] ?? 0;
      const w = Math.round((n / max) * 200);
      return `<g class="bar" transform="translate(0,${i * row})"><text x="0" y="17">${h(label)}</text><rect x="80" y="4" width="${w}" height="18" rx="4" fill="#3370ff"></rect><text x="${86 + w}" y="17" data-count="${h(label)}">${n}</text></g>`;
    })
    .join('');
  return `<svg width="100%" viewBox="0 0 320 ${labels.length * row}" role="img" aria-label="${h(question.title)}">${bars}</svg>`;
}

/** The photos of the answers, each with who sent it; given only to admins. */
export interface PhotoGallery {
  [question: string]: { name: string; photo: string }[];
}

export function resultsPage(
  page: PageContext,
  user: SessionUser,
  department: string,
  total: number,
  tally: Record<string, Record<string, number>>,
  gallery?: PhotoGallery,
): string {
  const photos = (q: Question) => {
    const list = gallery?.[q.id];
    if (q.type !== 'photo' || !list) return '';
    return `<div class="photos">${list.map((p) => `<img src="${h(page.base)}/photos/${h(p.photo)}" alt="${h(p.name)}" title="${h(p.name)}" data-photo="${h(p.photo)}">`).join('')}</div>`;
  };
  const blocks = (SURVEY.questions as readonly Question[])
    .map(
      (q) =>
        `<div class="card"><div class="q">${h(q.title)}</div>${chart(q, tally[q.id] ?? {})}${photos(q)}</div>`,
    )
    .join('');
  return layout(
    '问卷结果',
    `${who(user, department)}${nav(page)}<div class="card"><b id="total">${total}</b> 人已提交</div>${blocks}`,
    page,
    'results',
  );
}

/** The admin page: the edition's own cards (send to a department, a parametric QR code, publish) around the link. */
export function adminPage(
  page: PageContext,
  user: SessionUser,
  department: string,
  cards: string,
  link: string,
  qrSvg: string,
): string {
  return layout(
    '问卷管理',
    `${who(user, department)}${nav(page)}${cards}
    <div class="card"><div class="q">问卷二维码</div><div style="width:200px;margin:0 auto">${qrSvg}</div><p class="muted" style="text-align:center;word-break:break-all">${h(link)}</p></div>`,
    page,
    'admin',
  );
}

/** WeCom: send the survey to a department (as a textcard, or a button card members answer on). */
export function sendCard(departments: { id: number; name: string }[]): string {
  const options = departments.map((d) => `<option value="${d.id}">${h(d.name)}</option>`).join('');
  return `<div class="card"><div class="q">发送问卷通知</div><form id="send"><select name="department">${options}</select><p class="muted">以卡片消息发送问卷链接给部门成员</p><button type="submit">发送</button><p id="sent" class="muted"></p></form></div>`;
}

/** WeCom: the survey as a button card ("我会填写" / "暂不参与"), with how members answered so far. */
export function buttonCard(
  departments: { id: number; name: string }[],
  tally: { will_answer: number; not_now: number },
): string {
  const options = departments.map((d) => `<option value="${d.id}">${h(d.name)}</option>`).join('');
  return `<div class="card"><div class="q">按钮卡片</div><form id="card-send"><select name="department">${options}</select><p class="muted">成员在卡片上选择「我会填写」或「暂不参与」，卡片随即更新</p><button type="submit">发送卡片</button><p id="card-sent" class="muted"></p></form><p class="muted">卡片回复：我会填写 <b id="card-will">${tally.will_answer}</b> · 暂不参与 <b id="card-not-now">${tally.not_now}</b></p></div>`;
}

/** OA: publishing the results sends each respondent a template message linking to them. */
export const publishCard = (configured: boolean) =>
  `<div class="card"><div class="q">发布结果</div><p class="muted">${configured ? '向每位答题的关注者发送模板消息（问卷结果通知），点开即是结果页' : '未配置结果通知模板（OA_RESULTS_TEMPLATE_ID）'}</p><form id="publish"><button type="submit"${configured ? '' : ' disabled'}>发布并通知</button><p id="published" class="muted"></p></form></div>`;

export const forbiddenPage = (page: PageContext, user: SessionUser) =>
  layout(
    '问卷管理',
    `<div class="card"><p class="error">${h(user.name)}，只有管理员可以打开此页。</p><p class="muted">Only the survey's admins can open this page (SURVEY_ADMINS / SURVEY_ADMIN_DEPARTMENTS / SURVEY_OA_ADMINS).</p><a class="btn" href="${h(page.base)}/">返回问卷</a></div>`,
    page,
  );

/** ISV: what a visitor outside WeCom sees at the edition's home: install the app into their corp, or log in. */
export const visitorPage = (page: PageContext) =>
  layout(
    '问卷调查 · 第三方应用',
    `<div class="card" id="visitor"><div class="q">在你的企业里使用问卷调查</div><p class="muted">企业管理员安装后，成员在企业微信工作台打开即可填写；每家企业只看到自己的问卷和回答。</p><a class="btn" id="install" href="${h(page.base)}/wx/suite/install">安装到你的企业</a></div><div class="card"><p class="muted">已经安装？企业成员请登录：</p><a class="btn secondary" id="member-login" href="${h(page.base)}/wx/login?redirect=${h(encodeURIComponent(`${page.base}/`))}">成员登录</a></div>`,
    page,
    'guest',
  );

/** ISV: where the installing admin lands once their corp is registered (`corp_id` from the kit's redirect). */
export const installedPage = (page: PageContext, corpId: string) =>
  layout(
    '安装完成',
    `<div class="card" id="installed"><p class="ok">已安装到企业 <b id="installed-corp">${h(corpId)}</b></p><p class="muted">成员可在企业微信工作台打开「问卷调查」；管理员可在「管理」里把问卷发给部门。</p><a class="btn" href="${h(page.base)}/wx/login?redirect=${h(encodeURIComponent(`${page.base}/admin`))}">打开管理</a></div>`,
    page,
    'guest',
  );
