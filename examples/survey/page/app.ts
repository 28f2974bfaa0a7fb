/**
 * The survey pages' script, in TypeScript against @wxkit/browser's real API (type-checked with the repo, bundled
 * into dist/page/app.js by scripts/bundle-pages.mjs): log in, get the JS-SDK ready, photos through
 * chooseImage → uploadImage, submit, close the window. The same script serves both editions: the script tag
 * says which platform and under which path (data-platform, data-base).
 */
import { createWxClient, WxClientError } from '@wxkit/browser';

const script = document.querySelector<HTMLScriptElement>('script[data-page]');
const page = script?.dataset['page'] ?? '';
const base = script?.dataset['base'] ?? '';
const platform = script?.dataset['platform'] === 'oa' ? 'oa' : 'wecom';
const wx = createWxClient({ api: `${base}/wx`, platform });

/** The JS-SDK calls this page makes, as jweixin declares them (success/fail callbacks). */
interface Callbacks<T> {
  success?: (result: T) => void;
  fail?: (result: { errMsg: string }) => void;
}
interface JsSdk {
  closeWindow?: () => void;
  chooseImage?: (
    options: { count: number; sizeType: string[]; sourceType: string[] } & Callbacks<{ localIds: string[] }>,
  ) => void;
  uploadImage?: (
    options: { localId: string; isShowProgressTips: number } & Callbacks<{ serverId: string }>,
  ) => void;
  getLocalImgData?: (options: { localId: string } & Callbacks<{ localData: string }>) => void;
}
const sdk = () => (window as { wx?: JsSdk }).wx ?? {};
/** One JS-SDK call as a promise. */
const call = <A extends object, T>(
  fn: ((options: A & Callbacks<T>) => void) | undefined,
  name: string,
  args: A,
): Promise<T> =>
  new Promise((resolve, reject) => {
    if (!fn) return reject(new Error(`${name} is not available`));
    fn({ ...args, success: resolve, fail: (result) => reject(new Error(result.errMsg)) });
  });

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
  // A session this tab kept for another edition (or an expired one): the server did not know it, so drop it.
  const stale = wx.user ? wx.logout().catch(() => undefined) : Promise.resolve();
  stale
    .then(() => wx.ensureLogin())
    .then(
      () => location.replace(location.pathname + location.search),
      (error: unknown) => status('status', `登录失败：${messageOf(error)}`),
    );
} else if (page !== 'guest') {
  // A visitor's page (the ISV edition's landing and install pages) has no session to sign the JS-SDK for.
  wx.ready([
    'closeWindow',
    'scanQRCode',
    'getLocation',
    'chooseImage',
    'uploadImage',
    'getLocalImgData',
  ]).then(
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
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { response, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
};
const errorText = (body: Record<string, unknown>) =>
  (body['error'] as { message?: string } | undefined)?.message;

const form = document.getElementById('survey');

/**
 * The preview of a chosen picture. getLocalImgData is documented for iOS WKWebView only (WeCom doc 98249), where a
 * localId cannot be an <img> src; practitioners report Android answers it too, as bare base64, and iOS with the
 * header "data:image/jgp;base64," (unsure: not in any official page). Without it, the localId itself is the src.
 */
const previewUrl = (localData: string) =>
  localData.startsWith('data:')
    ? localData.replace(/^data:image\/jgp;/, 'data:image/jpeg;')
    : `data:image/jpeg;base64,${localData}`;

async function choosePhotos(question: string, button: HTMLButtonElement): Promise<void> {
  if (!(form instanceof HTMLFormElement)) return;
  const box = document.querySelector<HTMLElement>(`[data-photos="${question}"]`);
  const max = Number(box?.dataset['max'] ?? 1);
  const have = form.querySelectorAll(`input[name="${question}"]`).length;
  const say = (text: string) => {
    const element = document.querySelector(`[data-photo-status="${question}"]`);
    if (element) element.textContent = text;
  };
  if (have >= max) return say(`最多 ${max} 张`);
  button.disabled = true;
  try {
    const chosen = await call(sdk().chooseImage, 'chooseImage', {
      count: max - have,
      sizeType: ['compressed'],
      sourceType: ['album', 'camera'],
    });
    // One upload at a time, as practitioners do (unsure whether the clients refuse concurrent uploads or only drop
    // some); the serverId is a media_id the server can fetch for 3 days (WeCom doc 98463, OA JS-SDK doc).
    for (const localId of chosen.localIds.slice(0, max - have)) {
      say('上传中…');
      const { serverId } = await call(sdk().uploadImage, 'uploadImage', { localId, isShowProgressTips: 1 });
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = question;
      input.value = serverId;
      form.appendChild(input);
      const image = document.createElement('img');
      image.alt = '已选照片';
      image.dataset['serverId'] = serverId;
      const local = await call(sdk().getLocalImgData, 'getLocalImgData', { localId }).catch(() => undefined);
      image.src = local ? previewUrl(local.localData) : localId;
      box?.appendChild(image);
    }
    say(`已上传 ${form.querySelectorAll(`input[name="${question}"]`).length} 张（最多 ${max} 张）`);
  } catch (error) {
    say(`照片上传失败：${messageOf(error)}`);
  } finally {
    button.disabled = false;
  }
}

if (form instanceof HTMLFormElement) {
  const lists = new Set((form.dataset['lists'] ?? '').split(',').filter(Boolean));
  for (const button of form.querySelectorAll<HTMLButtonElement>('button[data-choose-photo]'))
    button.addEventListener('click', () => void choosePhotos(button.dataset['choosePhoto'] ?? '', button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answers: Record<string, string | string[]> = {};
    for (const [key, value] of new FormData(form).entries()) {
      if (typeof value !== 'string') continue;
      if (lists.has(key)) answers[key] = [...((answers[key] as string[] | undefined) ?? []), value];
      else answers[key] = value;
    }
    const { response, body } = await postJson('/api/answers', answers);
    if (!response.ok) {
      status('error', errorText(body) ?? '提交失败');
      return;
    }
    form.hidden = true;
    const done = document.getElementById('done');
    if (done) done.hidden = false;
    sdk().closeWindow?.();
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

const cardSend = document.getElementById('card-send');
if (cardSend instanceof HTMLFormElement) {
  cardSend.addEventListener('submit', async (event) => {
    event.preventDefault();
    const department = Number(new FormData(cardSend).get('department'));
    const { response, body } = await postJson('/api/admin/card', { department });
    status(
      'card-sent',
      response.ok
        ? `卡片已发送给 ${String(body['delivered'])} (task ${String(body['taskId'])})`
        : `发送失败：${errorText(body) ?? response.status}`,
    );
  });
}

const publish = document.getElementById('publish');
if (publish instanceof HTMLFormElement) {
  publish.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { response, body } = await postJson('/api/admin/publish', {});
    const failed = Array.isArray(body['failed']) ? body['failed'].length : 0;
    status(
      'published',
      response.ok
        ? `已通知 ${String(body['sent'])} 人${failed ? `，${failed} 人未送达` : ''}`
        : `发布失败：${errorText(body) ?? response.status}`,
    );
  });
}
