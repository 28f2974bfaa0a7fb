import type { CatalogRows } from './entry.js';

/** Trusted domains, their verification, and the JS-SDK signature they sign. */
export const DOMAIN_CODES: CatalogRows = {
  80001: {
    wecom: {
      meaning: 'Untrusted domain',
      causes: ['the JS-SDK page domain is not a trusted, filed and verified domain of the app'],
      fix: "Add the domain to the app's trusted domains and pass the WW_verify file check",
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
};
