/** Button types that send the app a key in an event (a click, a scan, a photo, a location). */
export const CLICK_LIKE_TYPES = [
  'click',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
] as const;

/** The button types each platform takes: the one definition the unions and the validator both come from. */
export const BUTTON_TYPES = {
  wecom: [...CLICK_LIKE_TYPES, 'view', 'view_miniprogram'],
  oa: [
    ...CLICK_LIKE_TYPES,
    'view',
    'miniprogram',
    'media_id',
    'view_limited',
    'article_id',
    'article_view_limited',
  ],
} as const;

export type WeComButtonType = (typeof BUTTON_TYPES.wecom)[number];
export type OaButtonType = (typeof BUTTON_TYPES.oa)[number];

export interface MenuButton<T extends string> {
  name: string;
  type?: T;
  key?: string;
  url?: string;
  appid?: string;
  pagepath?: string;
  media_id?: string;
  article_id?: string;
  sub_button?: MenuButton<T>[];
}

export interface Menu<T extends string> {
  button: MenuButton<T>[];
}

export type WeComMenu = Menu<WeComButtonType>;
export type OaMenu = Menu<OaButtonType>;
