import type { CatalogRows } from './entry.js';

const TOKEN_REFRESH =
  'wxkit drops the cached token and fetches a new one once; if it persists, check the credentials';

/** Tokens, secrets and OAuth codes. */
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
  40003: {
    wecom: {
      meaning: 'Invalid UserID',
      causes: [
        'the member does not exist, left, or was deleted',
        'wrong format or case',
        'GET used for a POST API',
      ],
      fix: 'Check the userid in the directory (通讯录)',
    },
    oa: {
      meaning: 'Invalid OpenID',
      causes: ['the user does not follow the account', 'the openid belongs to another account'],
      fix: 'Use the openid returned for this AppID',
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
  40029: {
    both: {
      meaning: 'Invalid OAuth code',
      causes: [
        'the code was already used: a page reload, the back button, or a double 302 (the client re-issues the authorize request) exchanged it twice',
        'the code is older than 5 minutes',
        'the access_token used belongs to another app or corp than the code: the platform reports a wrong access_token as an invalid code',
        'the code was altered (case, truncation, URL decoding)',
      ],
      fix: 'Exchange each code once and cache the identity for its 5-minute life (wxkit does), strip code from the address bar after login, and check that the token comes from the same corp/app that issued the code',
    },
  },
  40163: {
    oa: {
      meaning: 'OAuth code already used',
      causes: ['the same code was exchanged twice (reload, double request, two servers)'],
      fix: 'Exchange a code once; reuse the identity cached for it',
    },
  },
  41001: {
    both: {
      meaning: 'access_token missing',
      causes: ['the token was not put in the URL query (it must not be in the body)'],
      fix: 'Pass access_token as a query parameter',
    },
  },
  41008: {
    both: {
      meaning: 'OAuth code missing',
      causes: ['the page was opened without ?code=, e.g. outside the authorize redirect'],
      fix: 'Start the login at the authorize URL',
    },
  },
  42001: {
    both: {
      meaning: 'access_token expired',
      causes: ['the cached token outlived its expires_in'],
      fix: TOKEN_REFRESH,
    },
  },
  42003: {
    both: {
      meaning: 'OAuth code expired',
      causes: ['more than 5 minutes passed between the redirect and the exchange'],
      fix: 'Exchange the code as soon as the redirect arrives; start the login again',
    },
  },
};
