export type WeComButtonType =
  | 'click'
  | 'view'
  | 'scancode_push'
  | 'scancode_waitmsg'
  | 'pic_sysphoto'
  | 'pic_photo_or_album'
  | 'pic_weixin'
  | 'location_select'
  | 'view_miniprogram';

export type OaButtonType =
  | Exclude<WeComButtonType, 'view_miniprogram'>
  | 'miniprogram'
  | 'media_id'
  | 'view_limited'
  | 'article_id'
  | 'article_view_limited';

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

export interface MenuProblem {
  /** Where, e.g. `button[0].sub_button[2].name`. */
  path: string;
  message: string;
  /** The errcode the platform would answer. */
  errcode: number;
}
