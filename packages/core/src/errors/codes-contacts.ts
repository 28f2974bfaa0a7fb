import { type CatalogRows, wecom } from './entry.js';

/**
 * The directory (通讯录): users, departments, tags. Source: WeCom global error codes (doc 90313) as mirrored in
 * zsmhub/workweixin's generated error list. 60011 (no privilege) is in codes-access, 40003 in codes-request.
 */
export const CONTACT_CODES: CatalogRows = {
  60111: {
    wecom: {
      meaning: 'UserID not found',
      causes: ['the member does not exist in the directory'],
      fix: 'Check the userid',
    },
  },
  40066: wecom(
    'Invalid department list',
    ['the department list is empty, or one of its ids is not in the directory'],
    'Pass ids of existing departments (departments.simpleList lists them)',
  ),
  40068: wecom(
    'Invalid tagid',
    ['no tagid was given, or no tag has that id (tag/get, totag)'],
    'Take the tagid from tags.list',
  ),
  43004: wecom(
    'The member has not bound WeChat',
    [
      'user/convert_to_openid: the member never signed in to WeCom with WeChat nor followed 微工作台',
      'the member has not activated WeCom yet',
    ],
    'Ask the member to sign in to WeCom with WeChat (or follow 微工作台), then convert again',
  ),
  45029: wecom(
    'The reply is too big',
    ['user/list over a very large department'],
    'Ask per department, or page through users.listIds (user/list_id, contacts-sync secret)',
  ),
  46004: wecom(
    'The member does not exist',
    [
      'user/getuserid: no member has that mobile',
      'user/get_userid_by_email: no member has that address (email_type 1 looks at the corp mailbox, 2 at the personal email)',
    ],
    'Check the number or address; repeated misses (over 20% of the corp size a day) block the API for a day',
  ),
  50100: wecom(
    'Invalid paging cursor',
    ['the cursor was not one user/list_id handed out, or it was altered'],
    'Start again without a cursor, then pass each next_cursor exactly as it came',
  ),
  60003: wecom(
    'Department not found',
    ['the department id was left out or is not in the directory'],
    'Check the id with departments.simpleList',
  ),
  60103: wecom(
    'Invalid mobile number',
    ['more than 32 characters, or characters other than digits, + and -'],
    'Pass the number as the directory holds it, e.g. 13800000000 or +86-13800000000',
  ),
  60105: wecom(
    'Invalid email',
    ['longer than 64 characters or not an email address'],
    'Pass the address as the directory holds it',
  ),
  60123: wecom(
    'Invalid department id',
    ['the department is not in the directory (deleted, or an id of another corp)'],
    'Check the id with departments.simpleList',
  ),
};
