import { type CatalogRows, wecom } from './entry.js';

/**
 * Service providers (服务商): provider, suite and corp credentials, installs and tenants. Meanings from the WeCom
 * error table (全局错误码, doc 90313) as SDKs mirror it; causes from the call docs named per row and community
 * answers by WeCom staff. Rows marked "unsure" rest on one source.
 */
export const SUITE_CODES: CatalogRows = {
  // 90313: 不合法的预授权码. get_pre_auth_code (90601) says a pre_auth_code lives 20 minutes.
  40077: wecom(
    'Invalid pre_auth_code',
    [
      'the pre_auth_code is older than its 20 minutes',
      'set_session_info and the install URL were given different pre_auth_codes (one must serve both)',
    ],
    'Fetch one pre_auth_code per install, pass it to set_session_info and to the install URL, and start within 20 minutes',
  ),
  // 90313: 不合法的临时授权码; WeCom staff (2021): an auth_code is single use, 10 minutes, not a pre_auth_code.
  40078: wecom(
    'Invalid auth_code',
    [
      'the auth_code was already exchanged (single use) or is older than 10 minutes',
      'a pre_auth_code was passed where the auth_code belongs',
    ],
    'Exchange the auth_code of the install redirect or the create_auth push once, at once (v2 get_permanent_code is the fast path)',
  ),
  // 90313: 不合法的授权信息; community (2016): the corp cancelled the authorisation.
  40079: wecom(
    'The authorisation does not exist',
    ['the corp cancelled the app (cancel_auth), or the permanent code belongs to another suite'],
    'Remove the corp from the tenant registry; it must install the app again',
  ),
  // 90313: 不合法的suitesecret (unsure: one source).
  40080: wecom(
    'Invalid suite secret',
    ['the Secret is of another suite, or was reset in the provider console'],
    'Copy the Secret from 服务商管理端 → 应用管理 → the app',
  ),
  // 90313 and the live errmsg "invalid suite_acccess_token or provider_access_token".
  40082: wecom(
    'Invalid suite_access_token or provider_access_token',
    [
      'the token is older than 2 hours or was replaced by a newer fetch',
      'the suite token of one suite used for a corp that installed another (WeCom staff: "没有企业授权安装")',
      'a suite token used where the provider token belongs, or the reverse',
    ],
    'Fetch a new token (wxkit retries once with a fresh one); check the call takes the token you pass',
  ),
  // 90313: 不合法的suiteid; WeCom staff (2021-03): the body was dropped because GET was used.
  40083: wecom(
    'Invalid suite_id',
    [
      'get_suite_token called with GET, so the JSON body was ignored',
      'a typo or stray whitespace in the SuiteID',
    ],
    'POST a JSON body { suite_id, suite_secret, suite_ticket }; copy the SuiteID from the provider console',
  ),
  // 90313: 不合法的永久授权码 (unsure: the table as mirrored by SDKs).
  40084: wecom(
    'Invalid permanent_code',
    ['the code was reset (reset_permanent_code) or belongs to another suite or corp'],
    'Use the code of the latest create_auth or reset_permanent_code for this corp',
  ),
  // 90313: 不合法的suite_ticket; WeCom staff (2021-11): the ticket was of another suite; 90628: 30 min life.
  40085: wecom(
    'Invalid suite_ticket',
    [
      'no suite_ticket push has arrived (command callback URL not set or not answering "success")',
      'the ticket is older than 30 minutes, or belongs to another suite',
      'the instance that received the push kept it in memory, so the others never saw it',
    ],
    'Set the command callback URL, keep each pushed ticket in the shared store, or press 刷新Ticket in the provider console for an immediate push',
  ),
  // 90313: 不合法的第三方应用appid (unsure which calls answer it).
  40086: wecom(
    'Invalid third-party app id',
    ['set_session_info listed an app id that is not in this suite'],
    'Omit appIds to allow every app of the suite, or use the ids the provider console shows',
  ),
  41021: wecom('suite_id is missing', ['a suite API was called without suite_id'], 'Send the SuiteID'),
  // 90313: 缺少suite_access_token参数 / 缺少suite_ticket参数 / 缺少permanent_code参数 (41025 confirmed by a
  // community report "permanent code missing").
  41022: wecom(
    'suite_access_token is missing',
    ['a suite API was called without its token'],
    'Pass suite_access_token',
  ),
  41023: wecom(
    'suite_ticket is missing',
    ['get_suite_token was called before any suite_ticket push arrived'],
    'Wait for a push (every 10 minutes) or refresh the ticket in the provider console',
  ),
  41025: wecom(
    'permanent_code is missing',
    ['get_corp_token or get_auth_info was called without the corp’s permanent code'],
    'Read the code from the tenant registry; install the app again if the corp has none',
  ),
  42009: wecom(
    'suite_access_token expired',
    ['the suite token is older than 2 hours'],
    'Fetch a new suite_access_token (wxkit retries once with a fresh one)',
  ),
};
