import type { Platform } from './errors.js';

export interface Explanation {
  errcode: number;
  platform: Platform | 'both';
  meaning: string;
  causes: string[];
  fix: string;
}

type Entry = Omit<Explanation, 'errcode' | 'platform'>;
type Row = { both?: Entry; wecom?: Entry; oa?: Entry };

const TOKEN_REFRESH =
  'wxkit drops the cached token and fetches a new one once; if it persists, check the credentials';

// Facts from the platforms' error tables (WeCom doc 90313, OA global return codes) and practitioners' reports.
const CATALOG: Record<number, Row> = {
  [-1]: {
    both: {
      meaning: 'The platform is busy',
      causes: ['A transient fault on the platform side'],
      fix: 'Retry with backoff (wxkit retries up to 3 times)',
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
  45009: {
    wecom: {
      meaning: 'API frequency limit reached',
      causes: [
        'tokens or tickets fetched per request instead of cached',
        'repeated wrong-secret attempts block the IP for an hour',
      ],
      fix: 'Cache tokens and tickets in one shared store; wait for the block to lift',
    },
    oa: {
      meaning: 'Daily API quota reached',
      causes: ['fetching /cgi-bin/token per request exhausts its 2000/day quota'],
      fix: 'Cache the token in one shared store; reset the quota with /cgi-bin/clear_quota if needed',
    },
  },
  45011: {
    oa: {
      meaning: 'API minute quota reached',
      causes: ['a burst of calls within one minute'],
      fix: 'Slow down and retry in the next minute',
    },
  },
  48001: {
    wecom: {
      meaning: 'API not authorised for this app',
      causes: ['the app lacks the permission or the corp is not verified'],
      fix: "Grant the permission in the app's settings or use the right secret",
    },
    oa: {
      meaning: 'API unauthorised',
      causes: ['the account type lacks this API', '/sns/userinfo called with a snsapi_base token'],
      fix: 'Use scope snsapi_userinfo, or an account with the capability',
    },
  },
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
  50002: {
    wecom: {
      meaning: "Member outside the app's permission scope",
      causes: ["the member is not in the app's visible range"],
      fix: "Add the member or department to the app's visible range (可见范围)",
    },
    oa: {
      meaning: 'User limited',
      causes: ['the user is restricted for violations'],
      fix: 'Nothing to do on the server side',
    },
  },
  60011: {
    wecom: {
      meaning: 'No privilege for the member, department or tag',
      causes: [
        "the member is outside the app's visible range",
        'a contacts-write API called with an app secret',
      ],
      fix: 'Widen the visible range, or use the contacts-sync secret for writes',
    },
  },
  60020: {
    wecom: {
      meaning: "Caller IP is not in the app's trusted IP list (企业可信IP)",
      causes: [
        "the server's egress IP changed (home broadband, NAT, cloud egress)",
        'the IP was added less than a minute ago',
      ],
      fix: "Add the server's public egress IP to the app's 企业可信IP and wait a minute",
    },
  },
  40164: {
    oa: {
      meaning: 'Caller IP is not in the IP whitelist',
      causes: ["the server's egress IP is not listed in 开发 → 基本配置 → IP白名单"],
      fix: 'Add the egress IP to the whitelist',
    },
  },
  40091: {
    wecom: {
      meaning: 'Secret invalid',
      causes: ['a secret of another corp'],
      fix: 'Use the secret of an app in this corp',
    },
  },
  40056: {
    wecom: {
      meaning: 'Invalid agentid',
      causes: ["the agentid does not belong to this corp or to the token's app"],
      fix: "Use the app's AgentId from the admin console",
    },
  },
  40058: {
    wecom: {
      meaning: 'Invalid parameter',
      causes: ['bad JSON, a field too long, or an array too large', 'GET used for a POST API'],
      fix: 'Check the request body against the API doc',
    },
  },
  40093: {
    wecom: {
      meaning: 'Invalid JS-SDK signature',
      causes: [
        'stale ticket',
        'the URL signed differs from the page URL (# part, http vs https, iOS landing URL)',
        'timestamp not in seconds',
      ],
      fix: 'Sign the exact page URL without #, with a fresh ticket',
    },
  },
  40125: {
    wecom: {
      meaning: 'Invalid open_userid',
      causes: ['an open_userid from another provider'],
      fix: 'Convert ids with the right provider',
    },
    oa: {
      meaning: 'Invalid AppSecret',
      causes: ['the AppSecret is wrong or was reset'],
      fix: 'Copy the AppSecret again',
    },
  },
  46003: {
    oa: {
      meaning: 'Menu does not exist',
      causes: ['no custom menu has been created'],
      fix: 'Create one with menu/create',
    },
  },
  60111: {
    wecom: {
      meaning: 'UserID not found',
      causes: ['the member does not exist in the directory'],
      fix: 'Check the userid',
    },
  },
  80001: {
    wecom: {
      meaning: 'Untrusted domain',
      causes: ['the JS-SDK page domain is not a trusted, filed and verified domain of the app'],
      fix: "Add the domain to the app's trusted domains and pass the WW_verify file check",
    },
  },
  81013: {
    wecom: {
      meaning: 'All recipients invalid',
      causes: ['every user, department and tag was unknown or outside the visible range'],
      fix: "Check the recipients against the app's visible range",
    },
  },
  82001: {
    wecom: {
      meaning: 'Recipient lists all empty',
      causes: ['touser, toparty and totag were all empty'],
      fix: 'Give at least one recipient',
    },
  },
  85004: {
    wecom: {
      meaning: 'Too many trusted-domain changes',
      causes: ['more than 20 changes this month'],
      fix: 'Wait until next month',
    },
  },
  85005: {
    wecom: {
      meaning: 'Domain ownership not verified',
      causes: ['the WW_verify_*.txt file is not served at the domain root'],
      fix: 'Serve WW_verify_<x>.txt with body <x> at the domain root, then verify',
    },
  },
  301002: {
    wecom: {
      meaning: "The token's app has no right on the agentid in the request",
      causes: ['message/send agentid differs from the app whose secret made the token'],
      fix: 'Use the token of the app named by agentid',
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
  40015: {
    both: {
      meaning: 'Invalid menu button type',
      causes: ['a type the platform does not know (WeCom: view_miniprogram; OA: miniprogram)'],
      fix: 'Run `wxkit menu validate`',
    },
  },
  40016: {
    both: {
      meaning: 'Invalid number of top-level buttons',
      causes: ['more than 3 (or none)'],
      fix: 'Use 1 to 3 top-level buttons',
    },
  },
  40017: {
    both: {
      meaning: 'Invalid button type',
      causes: ['a type the platform does not know'],
      fix: 'Run `wxkit menu validate`',
    },
  },
  40018: {
    both: {
      meaning: 'Invalid button name length',
      causes: ['top-level names are at most 16 UTF-8 bytes (about 5 CJK characters)'],
      fix: 'Shorten the name',
    },
  },
  40019: {
    both: {
      meaning: 'Invalid button key length',
      causes: ['keys are at most 128 bytes'],
      fix: 'Shorten the key',
    },
  },
  40020: {
    both: {
      meaning: 'Invalid button URL length',
      causes: ['URLs are at most 1024 bytes'],
      fix: 'Shorten the URL',
    },
  },
  40022: {
    both: {
      meaning: 'Invalid sub-menu level',
      causes: ['menus have two levels only'],
      fix: 'Remove the third level',
    },
  },
  40023: {
    both: {
      meaning: 'Invalid number of sub buttons',
      causes: ['more than 5 under one button'],
      fix: 'Use 1 to 5 sub buttons',
    },
  },
  40024: {
    both: {
      meaning: 'Invalid sub button type',
      causes: ['an unknown type in a sub button'],
      fix: 'Run `wxkit menu validate`',
    },
  },
  40025: {
    both: {
      meaning: 'Invalid sub button name length',
      causes: ['WeCom: at most 40 bytes; OA: at most 60 bytes'],
      fix: 'Shorten the name',
    },
  },
  40026: {
    both: {
      meaning: 'Invalid sub button key length',
      causes: ['keys are at most 128 bytes'],
      fix: 'Shorten the key',
    },
  },
  40027: {
    both: {
      meaning: 'Invalid sub button URL length',
      causes: ['URLs are at most 1024 bytes'],
      fix: 'Shorten the URL',
    },
  },
  40054: {
    both: {
      meaning: 'Invalid button URL',
      causes: ['the URL does not start with http:// or https://'],
      fix: 'Use an absolute http(s) URL',
    },
  },
  40055: {
    both: {
      meaning: 'Invalid sub button URL',
      causes: ['the URL does not start with http:// or https://'],
      fix: 'Use an absolute http(s) URL',
    },
  },
  [-40001]: {
    both: {
      meaning: 'Callback signature mismatch',
      causes: ['wrong Token', 'the body or query was altered (e.g. a proxy re-encoded it)'],
      fix: "Use the app's callback Token and the raw body",
    },
  },
  [-40002]: {
    both: {
      meaning: 'Callback XML could not be parsed',
      causes: ["not the platform's XML, or it carries a DOCTYPE/entities"],
      fix: 'Pass the raw body',
    },
  },
  [-40003]: {
    both: {
      meaning: 'Signature could not be computed',
      causes: ['missing timestamp, nonce or payload'],
      fix: 'Pass every query parameter',
    },
  },
  [-40004]: {
    both: {
      meaning: 'Invalid EncodingAESKey',
      causes: ['it must be 43 characters that decode to 32 bytes'],
      fix: 'Copy the EncodingAESKey again',
    },
  },
  [-40005]: {
    both: {
      meaning: 'Receive id mismatch',
      causes: ['the message is for another corp ID / AppID'],
      fix: 'Use the CorpID (WeCom) or AppID (OA) as the receive id',
    },
  },
  [-40006]: {
    both: { meaning: 'AES encryption failed', causes: ['an invalid key'], fix: 'Check the EncodingAESKey' },
  },
  [-40007]: {
    both: {
      meaning: 'AES decryption failed',
      causes: ['wrong EncodingAESKey', 'the ciphertext was altered'],
      fix: "Use the app's EncodingAESKey",
    },
  },
  [-40008]: {
    both: {
      meaning: 'Decrypted buffer is malformed',
      causes: ['wrong key or corrupted ciphertext (bad padding or length)'],
      fix: "Use the app's EncodingAESKey",
    },
  },
  [-40009]: { both: { meaning: 'Base64 encoding failed', causes: ['internal'], fix: 'Report a bug' } },
  [-40010]: {
    both: {
      meaning: 'Base64 decoding failed',
      causes: ['the Encrypt field or echostr is not base64 (URL decoding missing or applied twice)'],
      fix: 'URL-decode echostr exactly once',
    },
  },
  [-40011]: { both: { meaning: 'Building the reply XML failed', causes: ['internal'], fix: 'Report a bug' } },
};

/** What an errcode means on a platform, its likely causes and the fix; undefined when unknown. */
export function explain(errcode: number, platform?: Platform): Explanation | undefined {
  const row = CATALOG[errcode];
  if (!row) return undefined;
  const pick = (p: Platform | 'both', entry: Entry | undefined) =>
    entry ? { errcode, platform: p, ...entry } : undefined;
  if (platform) return pick(platform, row[platform]) ?? pick('both', row.both);
  return pick('both', row.both) ?? pick('wecom', row.wecom) ?? pick('oa', row.oa);
}

/** Every catalog entry, one per platform where the platforms differ. */
export function listExplanations(): Explanation[] {
  return Object.entries(CATALOG).flatMap(([code, row]) =>
    (['both', 'wecom', 'oa'] as const).flatMap((p) => {
      const entry = row[p];
      return entry ? [{ errcode: Number(code), platform: p, ...entry }] : [];
    }),
  );
}
