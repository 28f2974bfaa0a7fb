import type { CatalogRows } from './entry.js';

/** Quotas, permissions, trusted IPs and app settings. */
export const ACCESS_CODES: CatalogRows = {
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
};
