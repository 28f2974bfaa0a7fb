import { type CatalogRows, oa, wecom } from './entry.js';

/** Quotas, permissions and trusted IPs. */
export const ACCESS_CODES: CatalogRows = {
  45009: {
    wecom: {
      meaning: 'API frequency limit reached',
      causes: [
        'tokens or tickets fetched per request instead of cached',
        'repeated wrong-secret attempts block the IP for an hour',
        // Service providers: get_suite_token / get_corp_token per request, or per process without a shared store.
        'a service provider fetching suite_access_token or a corp token per request or per process',
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
  45033: wecom(
    'Too many concurrent calls',
    ['the app runs more than the allowed number of simultaneous calls to this API'],
    'Reduce parallelism (queue the calls) and retry later',
  ),
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
  48002: wecom(
    'The API is not allowed for this app or secret',
    [
      'the secret in use (app, contacts sync, customer contact) has no right to this API',
      "user/list_id called with an app's token: only the contacts-sync (通讯录同步) secret may call it",
    ],
    'Use the secret of the component that owns the API, or grant the app the permission in the admin console',
  ),
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
  61004: oa(
    'The client IP is not registered',
    ['the server’s egress IP is missing from the IP whitelist'],
    'Add the egress IP in 开发 → 基本配置 → IP白名单',
  ),
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
};
