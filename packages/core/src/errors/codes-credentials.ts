import { type CatalogRows, oa, wecom } from './entry.js';

const TOKEN_REFRESH =
  'wxkit drops the cached token and fetches a new one once; if it persists, check the credentials';

/** App credentials: secrets, IDs, access tokens and their quotas. */
export const CREDENTIAL_CODES: CatalogRows = {
  [-1]: {
    both: {
      meaning: 'The platform is busy',
      causes: ['A transient fault on the platform side'],
      fix: 'Retry later with backoff (wxkit itself tries 3 times in all, 200 ms then 400 ms apart); the platform asks for no more than 3 retries',
    },
  },
  40001: {
    wecom: {
      meaning: 'Invalid secret',
      causes: [
        'corpsecret missing or wrong',
        'corpid and corpsecret belong to different corps or apps',
        'the secret was reset in the admin console',
        'the app is disabled',
      ],
      fix: "Copy the app's Secret again from the admin console (应用管理 → the app) and check the corp ID",
    },
    oa: {
      meaning: 'Invalid credential: wrong AppSecret, or the access_token is invalid or not the latest',
      causes: [
        'another server or process refreshed /cgi-bin/token and this copy was superseded after the 5-minute overlap',
        'the AppSecret is wrong or was reset',
        'a token of another account was used',
      ],
      fix: `Keep one token for all processes (a shared store such as @wxkit/redis, or stable_token); ${TOKEN_REFRESH}`,
    },
  },
  40013: {
    wecom: {
      meaning: 'Invalid CorpID',
      causes: ['typo or stray whitespace in the corp ID'],
      fix: 'Copy the CorpID from 我的企业 → 企业信息',
    },
    oa: {
      meaning: 'Invalid AppID',
      causes: ['typo, stray whitespace or wrong case in the AppID'],
      fix: 'Copy the AppID from 开发 → 基本配置',
    },
  },
  40014: {
    both: {
      meaning: 'Invalid access_token',
      causes: [
        'the token expired or was revoked early',
        'a token of another app or corp, or the wrong kind of token',
        'stray characters in the token',
      ],
      fix: TOKEN_REFRESH,
    },
  },
  41001: {
    both: {
      meaning: 'access_token missing',
      causes: ['the token was not put in the URL query (it must not be in the body)'],
      fix: 'Pass access_token as a query parameter',
    },
  },
  42001: {
    both: {
      meaning: 'access_token expired',
      causes: ['the cached token outlived its expires_in'],
      fix: TOKEN_REFRESH,
    },
  },
  40091: {
    wecom: {
      meaning: 'Secret invalid',
      causes: ['a secret of another corp'],
      fix: 'Use the secret of an app in this corp',
    },
  },
  40002: oa(
    'Invalid credential type (grant_type)',
    ['grant_type is not client_credential on /cgi-bin/token or stable_token'],
    'Send grant_type=client_credential (wxkit does)',
  ),
  41002: wecom('corpid is missing', ['the gettoken call has no corpid'], 'Pass corpId to createWeCom'),
  41004: wecom(
    'corpsecret is missing',
    ['the gettoken call has no corpsecret'],
    'Pass corpSecret to createWeCom',
  ),
  48006: oa(
    'clear_quota limit reached',
    ['the daily quota was already cleared the allowed number of times this month'],
    'Wait for the next period; stop fetching /cgi-bin/token per request (cache it)',
  ),
};
