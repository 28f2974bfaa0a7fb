import type { CatalogRows } from './entry.js';

/** Menus, messages, domains and redirects. */
export const APP_AND_MENU_CODES: CatalogRows = {
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
};
