import type { CatalogRows } from './entry.js';

/** Custom menus (OA menu/create, WeCom menu/create). */
export const MENU_CODES: CatalogRows = {
  46003: {
    oa: {
      meaning: 'Menu does not exist',
      causes: ['no custom menu has been created'],
      fix: 'Create one with menu/create',
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
  // The platforms' error tables: 40054 "invalid sub button url domain", 40055 "invalid button url domain".
  40054: {
    both: {
      meaning: 'Invalid sub button URL',
      causes: ['the URL does not start with http:// or https://'],
      fix: 'Use an absolute http(s) URL',
    },
  },
  40055: {
    both: {
      meaning: 'Invalid button URL',
      causes: ['the URL does not start with http:// or https://'],
      fix: 'Use an absolute http(s) URL',
    },
  },
};
