import type { CatalogRows } from './entry.js';

const wecom = (meaning: string, causes: string[], fix: string) => ({ wecom: { meaning, causes, fix } });
const oa = (meaning: string, causes: string[], fix: string) => ({ oa: { meaning, causes, fix } });

/** Less frequent codes from the same tables: missing parameters, refresh tokens, suites, formats. */
export const MORE_CODES: CatalogRows = {
  40002: oa(
    'Invalid credential type (grant_type)',
    ['grant_type is not client_credential on /cgi-bin/token or stable_token'],
    'Send grant_type=client_credential (wxkit does)',
  ),
  40030: oa(
    'Invalid refresh_token',
    ['the refresh_token belongs to another app or was altered'],
    'Use the refresh_token returned with this app’s web access_token; otherwise send the user through OAuth again',
  ),
  40082: wecom(
    'Invalid suite_token',
    ['suite_access_token expired after 2 hours or carries stray characters'],
    'Fetch a new suite_access_token',
  ),
  41002: wecom('corpid is missing', ['the gettoken call has no corpid'], 'Pass corpId to createWeCom'),
  41004: wecom(
    'corpsecret is missing',
    ['the gettoken call has no corpsecret'],
    'Pass corpSecret to createWeCom',
  ),
  41011: wecom(
    'agentid is missing',
    ['an app API was called without agentid'],
    'Pass agentId to createWeCom',
  ),
  41021: wecom('suite_id is missing', ['a suite API was called without suite_id'], 'Send the SuiteID'),
  42002: oa(
    'refresh_token expired',
    ['the web refresh_token is older than 30 days'],
    'Send the user through OAuth again (authorizeUrl)',
  ),
  42007: oa(
    'The user’s tokens were revoked',
    ['the user changed their password or revoked the authorisation'],
    'Send the user through OAuth again',
  ),
  42009: wecom(
    'suite_access_token expired',
    ['the suite token is older than 2 hours'],
    'Fetch a new suite_access_token',
  ),
  43001: oa('The API requires GET', ['the call used POST'], 'Call it with GET'),
  43002: oa('The API requires POST', ['the call used GET'], 'Call it with POST and a JSON body'),
  43003: oa('The API requires HTTPS', ['the call used plain HTTP'], 'Call https://api.weixin.qq.com'),
  44004: wecom(
    'Empty text content',
    ['message/send with a text message whose content is empty'],
    'Send non-empty text.content (at most 2048 bytes)',
  ),
  45033: wecom(
    'Too many concurrent calls',
    ['the app runs more than the allowed number of simultaneous calls to this API'],
    'Reduce parallelism (queue the calls) and retry later',
  ),
  47001: {
    both: {
      meaning: 'Malformed JSON or XML in the request body',
      causes: [
        'the body is not valid JSON, or a field has the wrong type (e.g. a menu without its button array)',
      ],
      fix: 'Check the body against the documented shape; `wxkit menu validate` checks menus before they are sent',
    },
  },
  48002: wecom(
    'The API is not allowed for this app or secret',
    ['the secret in use (app, contacts sync, customer contact) has no right to this API'],
    'Use the secret of the component that owns the API, or grant the app the permission in the admin console',
  ),
  48006: oa(
    'clear_quota limit reached',
    ['the daily quota was already cleared the allowed number of times this month'],
    'Wait for the next period; stop fetching /cgi-bin/token per request (cache it)',
  ),
  61004: oa(
    'The client IP is not registered',
    ['the server’s egress IP is missing from the IP whitelist'],
    'Add the egress IP in 开发 → 基本配置 → IP白名单',
  ),
};
