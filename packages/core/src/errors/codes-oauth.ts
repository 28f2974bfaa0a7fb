import { type CatalogRows, oa } from './entry.js';

/** OAuth: codes, redirect domains, scopes and user tokens. */
export const OAUTH_CODES: CatalogRows = {
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
  41008: {
    both: {
      meaning: 'OAuth code missing',
      causes: ['the page was opened without ?code=, e.g. outside the authorize redirect'],
      fix: 'Start the login at the authorize URL',
    },
  },
  42003: {
    both: {
      meaning: 'OAuth code expired',
      causes: ['more than 5 minutes passed between the redirect and the exchange'],
      fix: 'Exchange the code as soon as the redirect arrives; start the login again',
    },
  },
  40030: oa(
    'Invalid refresh_token',
    ['the refresh_token belongs to another app or was altered'],
    'Use the refresh_token returned with this app’s web access_token; otherwise send the user through OAuth again',
  ),
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
  50001: {
    wecom: {
      meaning: 'redirect_uri is not a trusted domain of the app that owns the access_token',
      causes: [
        "the redirect domain differs from the app's trusted domain (host and port must match exactly)",
        'the code was exchanged with a token of another app',
      ],
      fix: "Set the app's trusted domain (可信域名) to the redirect host, port included, and exchange with that app's token",
    },
    oa: {
      meaning: 'User unauthorised',
      causes: ['the user has not authorised this API'],
      fix: 'Ask for the authorisation (scope) the API needs',
    },
  },
  10003: {
    oa: {
      meaning: 'redirect_uri domain does not match the OAuth domain',
      causes: ['网页授权域名 differs from the redirect host'],
      fix: 'Set 网页授权域名 to the exact host (no scheme, no port)',
    },
  },
  10005: {
    oa: {
      meaning: 'The account lacks this scope',
      causes: ['only verified service accounts can use web authorisation'],
      fix: 'Use a verified service account',
    },
  },
};
