export interface WeComIdentity {
  /** Set for members of the corp. */
  userid?: string;
  /** Set for people outside the corp. */
  openid?: string;
  /** Only with scope snsapi_privateinfo, for members in the app's visible range; valid 1800 s. */
  userTicket?: string;
  externalUserid?: string;
}

export interface WeComUser {
  userid: string;
  name: string;
  department: number[];
  position?: string;
  mobile?: string;
  email?: string;
  /** "0" unknown, "1" male, "2" female — a string on this platform. */
  gender?: string;
  avatar?: string;
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  status?: number;
  main_department?: number;
  [field: string]: unknown;
}

export interface WeComUserDetail {
  userid: string;
  gender?: string;
  avatar?: string;
  qr_code?: string;
  mobile?: string;
  email?: string;
  biz_mail?: string;
  address?: string;
}

export interface WeComDepartment {
  id: number;
  name: string;
  parentid?: number;
  order?: number;
  [field: string]: unknown;
}

export interface WeComAgent {
  agentid: number;
  name: string;
  square_logo_url?: string;
  description?: string;
  allow_userinfos?: { user: { userid: string }[] };
  allow_partys?: { partyid: number[] };
  allow_tags?: { tagid: number[] };
  close?: number;
  redirect_domain?: string;
  report_location_flag?: number;
  isreportenter?: number;
  home_url?: string;
}

export interface WeComAgentSettable {
  name: string;
  description: string;
  redirect_domain: string;
  home_url: string;
  report_location_flag: 0 | 1;
  isreportenter: 0 | 1;
  logo_mediaid: string;
}

export type WorkbenchTemplate =
  | { type: 'normal' }
  | { type: 'image'; image: { url: string; jump_url?: string; pagepath?: string } }
  | { type: 'list'; list: { items: { title: string; jump_url?: string; pagepath?: string }[] } }
  | {
      type: 'keydata';
      keydata: { items: { key?: string; data: string; jump_url?: string; pagepath?: string }[] };
    }
  | {
      type: 'webview';
      webview: { url: string; jump_url?: string; pagepath?: string; enable_webview_click?: boolean };
    };
