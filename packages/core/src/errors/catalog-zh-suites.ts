import type { CatalogRows } from './entry.js';
import { wecom } from './entry.js';

/**
 * Chinese for a service provider's codes (第三方应用 and 代开发): meanings after WeCom's 全局错误码 table, causes and
 * fixes ours, matching the English rows in codes-suites.ts.
 */
export const CATALOG_ZH_SUITES: CatalogRows = {
  40077: wecom(
    '不合法的预授权码',
    [
      'pre_auth_code 超过了 20 分钟有效期',
      'set_session_info 和安装链接用了不同的 pre_auth_code（两者必须是同一个）',
    ],
    '每次安装取一个 pre_auth_code，同时传给 set_session_info 和安装链接，并在 20 分钟内开始',
  ),
  40078: wecom(
    '不合法的临时授权码',
    ['auth_code 已经换过（只能用一次）或超过 10 分钟', '把 pre_auth_code 当作 auth_code 传了'],
    '安装回跳或 create_auth 推送带来的 auth_code 立即换且只换一次（v2 get_permanent_code 最快）',
  ),
  40079: wecom(
    '授权关系不存在',
    ['企业已取消授权（cancel_auth），或永久授权码属于另一个应用套件'],
    '从租户登记中移除该企业；企业需要重新安装应用',
  ),
  40080: wecom(
    '不合法的 suite_secret',
    ['Secret 属于另一个应用套件，或已在服务商后台重置'],
    '从 服务商管理端 → 应用管理 → 该应用 复制 Secret',
  ),
  40082: wecom(
    '不合法的 suite_access_token 或 provider_access_token',
    [
      'token 超过 2 小时，或已被更新的获取替换',
      '用一个套件的 token 访问安装了另一个套件的企业（企业微信官方：“没有企业授权安装”）',
      '该用 provider token 的地方用了 suite token，或反过来',
    ],
    '重新获取 token（wxkit 会用新 token 重试一次）；确认接口要的是你传的那种 token',
  ),
  40083: wecom(
    '不合法的 suite_id',
    ['get_suite_token 用了 GET，JSON 请求体被忽略', 'SuiteID 拼错或带了空白'],
    '用 POST 发送 JSON { suite_id, suite_secret, suite_ticket }；从服务商后台复制 SuiteID',
  ),
  40084: wecom(
    '不合法的永久授权码',
    ['永久授权码已被重置（reset_permanent_code），或属于另一个套件或企业'],
    '使用该企业最近一次 create_auth 或 reset_permanent_code 得到的永久授权码',
  ),
  40085: wecom(
    '不合法的 suite_ticket',
    [
      '还没有收到 suite_ticket 推送（指令回调 URL 没有设置，或没有回复 "success"）',
      'ticket 超过 30 分钟，或属于另一个套件',
      '收到推送的实例只把它放在内存里，其他实例看不到',
    ],
    '设置指令回调 URL，把每次推送的 ticket 存入共享存储；或在服务商后台点 刷新Ticket 立即推送',
  ),
  40086: wecom(
    '不合法的第三方应用 appid',
    ['set_session_info 列出的应用 id 不在这个套件里'],
    '省略 appIds 以允许套件的所有应用，或使用服务商后台显示的 id',
  ),
  41021: wecom('缺少 suite_id 参数', ['调用套件接口时没有 suite_id'], '传 SuiteID'),
  41022: wecom('缺少 suite_access_token 参数', ['调用套件接口时没有 token'], '传 suite_access_token'),
  41023: wecom(
    '缺少 suite_ticket 参数',
    ['还没有收到任何 suite_ticket 推送就调用了 get_suite_token'],
    '等待推送（每 10 分钟一次），或在服务商后台刷新 ticket',
  ),
  41025: wecom(
    '缺少 permanent_code 参数',
    ['调用 get_corp_token 或 get_auth_info 时没有该企业的永久授权码'],
    '从租户登记读取永久授权码；企业没有时需要重新安装应用',
  ),
  42009: wecom(
    'suite_access_token 已过期',
    ['suite token 超过 2 小时'],
    '重新获取 suite_access_token（wxkit 会用新 token 重试一次）',
  ),
};
