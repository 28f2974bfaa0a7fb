/**
 * The survey pages' script, in TypeScript against @wxkit/browser's real API (type-checked with the repo, bundled
 * into dist/page/app.js by scripts/bundle-pages.mjs): log in, get the JS-SDK ready, submit, close the window.
 */
import { createWxClient, WxClientError } from '@wxkit/browser';

const script = document.querySelector<HTMLScriptElement>('script[data-page]');
const page = script?.dataset['page'] ?? '';
const wx = createWxClient({ api: '/wx', platform: 'wecom' });

const status = (id: string, text: string) => {
  const element = document.getElementById(id);
  if (element) element.textContent = text;
};
const messageOf = (error: unknown) =>
  error instanceof WxClientError && error.errcode !== undefined
    ? `${error.message}（errcode ${error.errcode}）`
    : error instanceof Error
      ? error.message
      : String(error);

if (page === 'login') {
  wx.ensureLogin().then(
    () => location.replace(location.pathname + location.search),
    (error: unknown) => status('status', `登录失败：${messageOf(error)}`),
  );
} else {
  wx.ready(['closeWindow', 'scanQRCode', 'getLocation']).then(
    () => {
      status('jssdk', 'JS-SDK: 已就绪');
      document.body.dataset['jssdk'] = 'ready';
    },
    (error: unknown) => {
      status('jssdk', `JS-SDK: ${messageOf(error)}`);
      document.body.dataset['jssdk'] = 'error';
    },
  );
}

const postJson = async (path: string, body: unknown) => {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { response, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
};
const errorText = (body: Record<string, unknown>) =>
  (body['error'] as { message?: string } | undefined)?.message;

const form = document.getElementById('survey');
if (form instanceof HTMLFormElement) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answers: Record<string, string | string[]> = {};
    const several: string[] = [];
    for (const [key, value] of new FormData(form).entries()) {
      if (typeof value !== 'string') continue;
      if (key === 'q2') several.push(value);
      else answers[key] = value;
    }
    if (several.length > 0) answers['q2'] = several;
    const { response, body } = await postJson('/api/answers', answers);
    if (!response.ok) {
      status('error', errorText(body) ?? '提交失败');
      return;
    }
    form.hidden = true;
    const done = document.getElementById('done');
    if (done) done.hidden = false;
    (window as { wx?: { closeWindow?: () => void } }).wx?.closeWindow?.();
  });
}

const send = document.getElementById('send');
if (send instanceof HTMLFormElement) {
  send.addEventListener('submit', async (event) => {
    event.preventDefault();
    const department = Number(new FormData(send).get('department'));
    const { response, body } = await postJson('/api/admin/send', { department });
    status(
      'sent',
      response.ok
        ? `已发送给 ${String(body['delivered'])} (msgid ${String(body['msgid'])})`
        : `发送失败：${errorText(body) ?? response.status}`,
    );
  });
}
