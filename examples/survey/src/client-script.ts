/** The pages' script: log in through @wxkit/browser, get the JS-SDK ready, submit, close the window. */
export const APP_SCRIPT = `import { createWxClient } from '/assets/wxkit-browser/index.js';
const page = document.currentScript?.dataset.page ?? document.querySelector('script[data-page]')?.dataset.page;
const wx = createWxClient({ api: '/wx', platform: 'wecom' });
const status = (id, text) => { const el = document.getElementById(id); if (el) el.textContent = text; };
if (page === 'login') {
  wx.ensureLogin().then(() => location.replace(location.pathname + location.search), (e) => status('status', '登录失败：' + e.message));
} else {
  wx.ready(['closeWindow', 'scanQRCode', 'getLocation']).then(
    () => { status('jssdk', 'JS-SDK: 已就绪'); document.body.dataset.jssdk = 'ready'; },
    (e) => { status('jssdk', 'JS-SDK: ' + e.message); document.body.dataset.jssdk = 'error'; },
  );
}
const form = document.getElementById('survey');
form?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const answers = {};
  for (const [key, value] of data.entries()) {
    if (key === 'q2') (answers.q2 ??= []).push(value); else answers[key] = value;
  }
  const response = await fetch('/api/answers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(answers) });
  const body = await response.json();
  if (!response.ok) { status('error', body.error?.message ?? '提交失败'); return; }
  form.hidden = true;
  document.getElementById('done').hidden = false;
  window.wx?.closeWindow?.();
});
const send = document.getElementById('send');
send?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const department = Number(new FormData(send).get('department'));
  const response = await fetch('/api/admin/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ department }) });
  const body = await response.json();
  status('sent', response.ok ? '已发送给 ' + body.delivered + ' (msgid ' + body.msgid + ')' : '发送失败：' + (body.error?.message ?? response.status));
});
`;
