import { type CatalogRows, oa, wecom } from './entry.js';

/** The request itself: ids, parameters, HTTP method and body. */
export const REQUEST_CODES: CatalogRows = {
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
  41009: oa(
    'Missing openid',
    ['user/info (or another follower API) called without openid'],
    'Pass the openid of a follower of this account',
  ),
  41011: wecom(
    'agentid is missing',
    ['an app API was called without agentid'],
    'Pass agentId to createWeCom',
  ),
  43001: oa('The API requires GET', ['the call used POST'], 'Call it with GET'),
  43002: oa('The API requires POST', ['the call used GET'], 'Call it with POST and a JSON body'),
  43003: oa('The API requires HTTPS', ['the call used plain HTTP'], 'Call https://api.weixin.qq.com'),
  47001: {
    both: {
      meaning: 'Malformed JSON or XML in the request body',
      causes: [
        'the body is not valid JSON, or a field has the wrong type (e.g. a menu without its button array)',
      ],
      fix: 'Check the body against the documented shape; `wxkit menu validate` checks menus before they are sent',
    },
  },
};
