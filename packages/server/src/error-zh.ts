import { explain, type Platform } from '@wxkit/core';
import type { ErrorBody } from './http.js';

interface Where {
  prefix: string;
  platform: Platform;
}
type Chinese = (error: ErrorBody, where: Where) => { message: string; hint?: string };

/** The catalog's Chinese fix for a platform errcode, which is what the English hint of these errors carries. */
const catalogFix = (error: ErrorBody, where: Where) =>
  error.errcode === undefined ? undefined : explain(error.errcode, where.platform, { lang: 'zh' })?.fix;

/** What the English keeps that Chinese cannot say without it: the detail in the message (a host, a path, a size). */
const withDetail = (zh: string, error: ErrorBody) => `${zh}（${error.message}）`;

const restart = (where: Where) => `请重新从 ${where.prefix}/login 开始登录`;

/**
 * The Chinese of every error a browser can get from the kit's own routes, by the error's code (the code and errcode
 * stay as they are: programs read those). Callback and install routes answer the platform or an admin: not here.
 */
const ZH: Record<string, Chinese> = {
  not_found: (e) => ({ message: withDetail('不是 wxkit 的路由', e) }),
  method_not_allowed: (e) => ({ message: withDetail('这个路由不接受该请求方法', e) }),
  bad_request: (e) => ({ message: withDetail('请求有误', e) }),
  bad_redirect: () => ({
    message: 'redirect 必须是本站的路径，例如 /survey?id=1',
    hint: '绝对 URL、//host 和反斜杠都会被拒绝（防止开放重定向）',
  }),
  too_large: (e) => ({ message: withDetail('请求体太大', e) }),
  bad_json: () => ({ message: '请发送 JSON：{"code": "...", "state": "..."}' }),
  body_consumed: (e) => ({
    message: '在 wxkit 之前挂载的 body parser 已经读取了请求体',
    hint: `把 wxkit 挂在所有 body parser 之前（${e.hint ?? ''}）`,
  }),
  cross_site: (e) => ({
    message: withDetail('拒绝跨站请求（CSRF）', e),
    hint: '只能从本站的页面调用；页面在其他源上时，把每个源都写进 publicUrl',
  }),
  json_required: (e) => ({
    message: withDetail('请使用 content-type: application/json', e),
    hint: '表单和 text/plain 请求体会被拒绝，以免其他网站向这里提交',
  }),
  unauthenticated: (_e, where) => ({
    message: '没有有效的会话，请先登录',
    hint: `在 ${where.prefix}/login 登录`,
  }),
  not_logged_in: () => ({
    message: '服务商应用按成员所在企业签名 JS-SDK：当前没有会话',
    hint: '先登录（ensureLogin），再获取配置',
  }),
  not_installed: () => ({
    message: '应用未安装在该企业（不在租户登记里）',
    hint: '请该企业的管理员先安装应用，再打开应用主页登录',
  }),
  bad_code: () => ({ message: 'code 缺失或格式不对', hint: '原样传递回调地址里的 code' }),
  state_unknown: (_e, where) => ({
    message: '这次登录不是在这个浏览器里发起的，或已过期',
    hint: restart(where),
  }),
  state_mismatch: () => ({
    message: '这次登录不是在这个浏览器里发起的，或已过期',
    hint: '需要启用 Cookie，并在发起登录的浏览器里 10 分钟内完成（同一浏览器最多同时进行 4 个登录）',
  }),
  state_used: (_e, where) => ({ message: '这个登录状态已经被另一个 code 用过', hint: restart(where) }),
  code_used_or_expired: (e, where) => ({
    message: '这个登录 code 已被使用或超过 5 分钟',
    hint: catalogFix(e, where) ?? restart(where),
  }),
  platform_unreachable: () => ({
    message: '平台没有及时响应',
    hint: '请稍后再试；持续出现时检查到平台的网络（或 WXKIT_EMULATOR_HOST）',
  }),
  platform_error: (e, where) => {
    const fix = catalogFix(e, where);
    // The 50001 cause the kit adds (the redirect_uri origin it built) stays in English after the fix.
    const built = e.hint?.indexOf('The kit built redirect_uri') ?? -1;
    const extra = built >= 0 ? ` ${e.hint?.slice(built)}` : '';
    return {
      message: withDetail(`平台返回错误码 ${e.errcode ?? ''}`.trim(), e),
      ...(fix || extra ? { hint: `${fix ?? ''}${extra}`.trim() } : {}),
    };
  },
  internal: () => ({ message: '服务器内部错误', hint: '请查看服务器日志' }),
  logout_not_recorded: () => ({
    message: '暂时无法记录退出登录；这个浏览器已经退出，请重试',
    hint: '会话存储暂时不可用',
  }),
  bad_url: (e) => ({
    message: withDetail('请用 ?url= 传当前页面的完整 URL（location.href）', e),
    hint: '传 location.href.split("#")[0]',
  }),
  domain_not_allowed: (e, where) => ({
    message: withDetail('页面的域名不是本服务的 JS-SDK 域名', e),
    hint: catalogFix(e, where) ?? e.hint ?? '',
  }),
};

/** The error in Chinese, or undefined for a code the table does not have (it is then answered in English). */
export function errorInChinese(error: ErrorBody, where: Where): ErrorBody | undefined {
  const zh = ZH[error.code]?.(error, where);
  if (!zh) return undefined;
  const { hint: _english, ...rest } = error;
  return { ...rest, message: zh.message, ...(zh.hint ? { hint: zh.hint } : {}) };
}

/** The codes answered in Chinese (for the test that walks every browser-facing route). */
export const CHINESE_CODES = Object.keys(ZH);
