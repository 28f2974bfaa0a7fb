import { type CatalogRows, wecom } from './entry.js';

/** Third-party suites (服务商): suite tokens and ids. */
export const SUITE_CODES: CatalogRows = {
  40082: wecom(
    'Invalid suite_token',
    ['suite_access_token expired after 2 hours or carries stray characters'],
    'Fetch a new suite_access_token',
  ),
  41021: wecom('suite_id is missing', ['a suite API was called without suite_id'], 'Send the SuiteID'),
  42009: wecom(
    'suite_access_token expired',
    ['the suite token is older than 2 hours'],
    'Fetch a new suite_access_token',
  ),
};
