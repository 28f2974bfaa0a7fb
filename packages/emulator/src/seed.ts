import { readFileSync } from 'node:fs';
import { QR_MAX_PERMANENT_CODES } from '@wxkit/core/rules';
import { parse } from 'yaml';
import { checkProviders, normaliseProviders, type SeedProvider } from './wecom/provider/seed.js';

export type { SeedProvider, SeedSuite } from './wecom/provider/seed.js';

export interface SeedDepartment {
  id: number;
  name: string;
  parentId?: number;
}

export interface SeedMember {
  userid: string;
  name: string;
  department: number[];
  position?: string;
  mobile?: string;
  email?: string;
  gender?: number;
  /** 1 active (default), 2 disabled, 4 not activated, 5 left. */
  status?: number;
  /** The corp mailbox (企业邮箱); user/get_userid_by_email with email_type 1 looks here, 2 at `email`. */
  bizMail?: string;
}

/** A directory tag (标签): members and whole departments. */
export interface SeedTag {
  /** Non-negative integer, unique in the corp. */
  tagid: number;
  /** 1-32 characters, unique in the corp. */
  tagname: string;
  userids?: string[];
  partyids?: number[];
}

export interface SeedApp {
  agentId: number;
  name: string;
  secret: string;
  /** host[:port], compared exactly with the redirect_uri host. */
  trustedDomains: string[];
  webLoginDomains: string[];
  homeUrl?: string;
  /** Empty: any caller IP. */
  allowedIps: string[];
  visibleTo: { departments?: number[]; users?: string[] };
  callback?: { url: string; token: string; encodingAESKey: string };
  menu?: { button: unknown[] };
}

export interface SeedCorp {
  corpId: string;
  name: string;
  departments: SeedDepartment[];
  members: SeedMember[];
  apps: SeedApp[];
  /** Directory tags (tag/list, tag/get, message/send totag). */
  tags?: SeedTag[];
  /**
   * The secret of 管理工具 → 通讯录同步: its gettoken token sees the whole directory and is the only one
   * user/list_id takes (doc 96067).
   */
  contactSyncSecret?: string;
}

export interface SeedFollower {
  openid: string;
  nickname: string;
  unionid?: string;
  sex?: number;
  // Follow details (brief C1): set by a scan that made the user follow; a seed may give them too.
  /** false: the user unfollowed (user/info answers subscribe 0); a scan follows again. */
  subscribed?: boolean;
  /** Epoch seconds of the last follow. */
  subscribeTime?: number;
  /** user/info subscribe_scene, e.g. ADD_SCENE_QR_CODE. */
  subscribeScene?: string;
  qrScene?: number;
  qrSceneStr?: string;
  /** The TEMPLATESENDJOBFINISH Status of template messages to this follower (default success). */
  templateStatus?: 'success' | 'failed:user block' | 'failed: system failed';
}

export interface SeedOfficialAccount {
  appId: string;
  name?: string;
  secret: string;
  oauthDomains: string[];
  jsDomains: string[];
  ipWhitelist: string[];
  followers: SeedFollower[];
  /** Template messages (oa-messages): the account's 我的模板; empty when the seed gives none. */
  templates?: SeedTemplate[];
  /** The two industries the templates come from (template/get_industry, set by api_set_industry). */
  industry?: { primary: [string, string]; secondary: [string, string] };
  /** When api_set_industry last set them (emulator clock, ms): once in 30 days (43100). */
  industrySetAt?: number;
  /** The template library api_add_template adds from (模板库: `TM00015`, or a 类目模板 number). */
  templateLibrary?: SeedLibraryTemplate[];
  /** Subscription notifications (oa-subscribe): the account's 订阅通知 templates (wxaapi/newtmpl/gettemplate). */
  subscribeTemplates?: SeedSubscribeTemplate[];
  /** AppIDs of the mini programs linked to the account: the only `miniprogram.appid` the sends take (40166). */
  linkedMiniPrograms?: string[];
}

/** A subscription-notification template of the account (wxaapi/newtmpl/gettemplate `data[]`). */
export interface SeedSubscribeTemplate {
  priTmplId: string;
  title: string;
  /** With `{{key.DATA}}` placeholders of typed keywords, e.g. "问卷：{{thing1.DATA}}\n时间：{{time2.DATA}}". */
  content: string;
  example?: string;
  /** 2 one-time (default), 3 long-term. */
  type?: 2 | 3;
}

/** A template of the library (api_add_template `template_id_short`). */
export interface SeedLibraryTemplate {
  template_id_short: string;
  title: string;
  content: string;
  primary_industry?: string;
  deputy_industry?: string;
  example?: string;
}

/** A template of the account (template/get_all_private_template). */
export interface SeedTemplate {
  template_id: string;
  title: string;
  /** With `{{key.DATA}}` placeholders, e.g. "问卷：{{thing1.DATA}}\n提交时间：{{time2.DATA}}". */
  content: string;
  primary_industry?: string;
  deputy_industry?: string;
  example?: string;
}

/** Quotas and rate limits; the defaults are the platform's documented ones. */
export interface SeedLimits {
  /** Calls per API path per minute (WeCom: 10,000 per corp per API) → 45009 (WeCom) / 45011 (OA). */
  apiPerMinute: number;
  /** OA /cgi-bin/token calls per day → 45009. */
  oaTokenPerDay: number;
  /** WeCom jsapi tickets per hour → 45009. */
  ticketsPerHourPerCorp: number;
  ticketsPerHourPerApp: number;
  /** OA permanent parametric QR codes per account → 45029 (brief C1; the platform's 100000). */
  permanentQrCodes: number;
}

export const DEFAULT_LIMITS: SeedLimits = {
  apiPerMinute: 10_000,
  oaTokenPerDay: 2000,
  ticketsPerHourPerCorp: 400,
  ticketsPerHourPerApp: 100,
  permanentQrCodes: QR_MAX_PERMANENT_CODES,
};

export interface Seed {
  wecom: SeedCorp[];
  officialAccounts: SeedOfficialAccount[];
  limits: SeedLimits;
  /** Service providers (服务商) with their suites and 代开发 templates (wecom/provider/seed.ts). */
  providers?: SeedProvider[];
}

export class SeedError extends Error {
  override name = 'SeedError';
}

type Check = (condition: unknown, path: string, rule: string) => void;

function validate(seed: Seed): Seed {
  const problems: string[] = [];
  const check: Check = (ok, path, rule) => {
    if (!ok) problems.push(`${path}: ${rule}`);
  };
  const isList = (v: unknown) => Array.isArray(v);
  const isText = (v: unknown) => typeof v === 'string' && v.length > 0;
  const domains = (v: unknown, path: string) => {
    check(isList(v), path, 'a list of host[:port] like "localhost:3000"');
    for (const [i, d] of (isList(v) ? (v as unknown[]) : []).entries()) {
      check(
        typeof d === 'string' && /^[A-Za-z0-9.-]+(:\d+)?$/.test(d),
        `${path}[${i}]`,
        'host[:port] without scheme or path',
      );
    }
  };
  check(isList(seed.wecom), 'wecom', 'a list of corps');
  check(isList(seed.officialAccounts), 'officialAccounts', 'a list of accounts');
  for (const [name, value] of Object.entries(seed.limits)) {
    check(Number.isInteger(value) && value > 0, `limits.${name}`, 'a positive whole number');
  }
  for (const [c, corp] of (seed.wecom ?? []).entries()) {
    const at = `wecom[${c}]`;
    check(isText(corp.corpId), `${at}.corpId`, 'required (ww…)');
    check(
      isList(corp.departments) && corp.departments.length > 0,
      `${at}.departments`,
      'at least the root department',
    );
    const ids = new Set((corp.departments ?? []).map((d) => d.id));
    for (const [m, member] of (corp.members ?? []).entries()) {
      check(
        typeof member.userid === 'string' && /^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$/.test(member.userid),
        `${at}.members[${m}].userid`,
        '1-64 characters [0-9A-Za-z_-@.], starting alphanumeric',
      );
      check(isText(member.name), `${at}.members[${m}].name`, 'required');
      check(
        isList(member.department) && member.department.every((d) => ids.has(d)),
        `${at}.members[${m}].department`,
        'ids of departments listed in this corp',
      );
    }
    checkTags(corp, at, check);
    if (corp.contactSyncSecret !== undefined)
      check(
        isText(corp.contactSyncSecret) && !(corp.apps ?? []).some((a) => a.secret === corp.contactSyncSecret),
        `${at}.contactSyncSecret`,
        "a secret of its own (not an app's)",
      );
    for (const [a, app] of (corp.apps ?? []).entries()) {
      const ap = `${at}.apps[${a}]`;
      check(Number.isInteger(app.agentId) && app.agentId > 0, `${ap}.agentId`, 'a positive integer');
      check(isText(app.secret), `${ap}.secret`, 'required');
      domains(app.trustedDomains, `${ap}.trustedDomains`);
      domains(app.webLoginDomains, `${ap}.webLoginDomains`);
      check(isList(app.allowedIps), `${ap}.allowedIps`, 'a list of IPs ([] = any)');
      if (app.callback) {
        check(/^https?:\/\//.test(app.callback.url ?? ''), `${ap}.callback.url`, 'an http(s) URL');
        check(
          /^[A-Za-z0-9]{1,32}$/.test(app.callback.token ?? ''),
          `${ap}.callback.token`,
          '1-32 letters or digits',
        );
        check(
          /^[A-Za-z0-9]{43}$/.test(app.callback.encodingAESKey ?? ''),
          `${ap}.callback.encodingAESKey`,
          'exactly 43 letters or digits',
        );
      }
    }
  }
  for (const [o, oa] of (seed.officialAccounts ?? []).entries()) {
    const at = `officialAccounts[${o}]`;
    check(isText(oa.appId), `${at}.appId`, 'required (wx…)');
    check(isText(oa.secret), `${at}.secret`, 'required');
    domains(oa.oauthDomains, `${at}.oauthDomains`);
    domains(oa.jsDomains, `${at}.jsDomains`);
    for (const [f, follower] of (oa.followers ?? []).entries())
      check(isText(follower.openid), `${at}.followers[${f}].openid`, 'required');
    for (const [t, template] of (oa.templates ?? []).entries()) {
      check(
        typeof template.template_id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(template.template_id),
        `${at}.templates[${t}].template_id`,
        '1-64 letters, digits, _ or -',
      );
      check(isText(template.title), `${at}.templates[${t}].title`, 'required');
      check(
        typeof template.content === 'string' && /\{\{\w+\.DATA\}\}/.test(template.content),
        `${at}.templates[${t}].content`,
        'text with {{key.DATA}} placeholders',
      );
    }
    if (oa.linkedMiniPrograms !== undefined)
      check(
        isList(oa.linkedMiniPrograms) && oa.linkedMiniPrograms.every(isText),
        `${at}.linkedMiniPrograms`,
        'a list of mini program AppIDs',
      );
    // Subscription notifications (oa-subscribe).
    for (const [t, template] of (oa.subscribeTemplates ?? []).entries()) {
      const where = `${at}.subscribeTemplates[${t}]`;
      check(
        typeof template.priTmplId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(template.priTmplId),
        `${where}.priTmplId`,
        '1-64 letters, digits, _ or -',
      );
      check(isText(template.title), `${where}.title`, 'required');
      check(
        typeof template.content === 'string' && /\{\{\w+\.DATA\}\}/.test(template.content),
        `${where}.content`,
        'text with {{key.DATA}} placeholders',
      );
      check(
        template.type === undefined || template.type === 2 || template.type === 3,
        `${where}.type`,
        '2 (one-time) or 3 (long-term)',
      );
    }
  }
  checkProviders(
    seed.providers ?? [],
    (seed.wecom ?? []).map((c) => c.corpId),
    check,
  );
  if (problems.length > 0) throw new SeedError(`The emulator seed has problems:\n  ${problems.join('\n  ')}`);
  return seed;
}

function normalise(raw: unknown): Seed {
  const data = (raw ?? {}) as Partial<Seed>;
  const limits = { ...DEFAULT_LIMITS, ...((data as { limits?: Partial<SeedLimits> }).limits ?? {}) };
  const seed: Seed = {
    limits,
    wecom: (data.wecom ?? []).map((corp) => ({
      ...corp,
      name: corp.name ?? corp.corpId,
      departments: corp.departments ?? [{ id: 1, name: corp.name ?? 'Root' }],
      members: (corp.members ?? []).map((m) => ({ ...m, department: m.department ?? [1] })),
      apps: (corp.apps ?? []).map((app) => ({
        ...app,
        name: app.name ?? `app ${app.agentId}`,
        trustedDomains: app.trustedDomains ?? [],
        webLoginDomains: app.webLoginDomains ?? app.trustedDomains ?? [],
        allowedIps: app.allowedIps ?? [],
        visibleTo: app.visibleTo ?? { departments: [1] },
      })),
    })),
    officialAccounts: (data.officialAccounts ?? []).map((oa) => ({
      ...oa,
      oauthDomains: oa.oauthDomains ?? [],
      jsDomains: oa.jsDomains ?? oa.oauthDomains ?? [],
      ipWhitelist: oa.ipWhitelist ?? [],
      followers: oa.followers ?? [],
    })),
    providers: normaliseProviders((data as { providers?: unknown }).providers),
  };
  return validate(seed);
}

/** Parses and checks a seed written in YAML (or JSON); the error lists every problem with its path. */
export function loadSeed(text: string): Seed {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new SeedError(`The emulator seed is not valid YAML: ${(error as Error).message}`);
  }
  return normalise(raw);
}

export function seedFrom(value: Seed | string | undefined): Seed {
  if (value === undefined) return defaultSeed();
  if (typeof value === 'string') return loadSeed(readFileSync(value, 'utf8'));
  return normalise(structuredClone(value));
}

/** The shipped seed: a corp with a dozen members and the survey app, and an Official Account. */
export function defaultSeed(): Seed {
  return loadSeed(readFileSync(new URL('../seeds/default.yaml', import.meta.url), 'utf8'));
}

// --- Directory tags -------------------------------------------------------------------------------------------

/** 标签: "标签名称，长度限制为32个字以内…不可与其他标签重名", "tagid 非负整型", "标签总数不能超过3000个" (doc 90210). */
/** How far the seed may grow while the emulator runs (the authorize page's "add member", the contacts control
 * API, the scan action's followers): past these the change is refused. */
export const SEED_CAPS = { members: 5000, departments: 1000, followers: 5000 } as const;

export const TAG_LIMITS = { nameChars: 32, perCorp: 3000 } as const;

function checkTags(corp: SeedCorp, at: string, check: Check): void {
  if (corp.tags === undefined) return;
  check(Array.isArray(corp.tags), `${at}.tags`, 'a list of { tagid, tagname, userids?, partyids? }');
  if (!Array.isArray(corp.tags)) return;
  check(corp.tags.length <= TAG_LIMITS.perCorp, `${at}.tags`, `at most ${TAG_LIMITS.perCorp} tags`);
  const departments = new Set((corp.departments ?? []).map((d) => d.id));
  const members = new Set((corp.members ?? []).map((m) => m.userid.toLowerCase()));
  const ids = new Set<number>();
  const names = new Set<string>();
  for (const [t, tag] of corp.tags.entries()) {
    const tp = `${at}.tags[${t}]`;
    check(
      Number.isInteger(tag?.tagid) && tag.tagid >= 0 && !ids.has(tag.tagid),
      `${tp}.tagid`,
      'a non-negative integer, unique in the corp',
    );
    check(
      typeof tag?.tagname === 'string' &&
        [...tag.tagname].length >= 1 &&
        [...tag.tagname].length <= TAG_LIMITS.nameChars &&
        !names.has(tag.tagname),
      `${tp}.tagname`,
      `1-${TAG_LIMITS.nameChars} characters, unique in the corp`,
    );
    ids.add(tag?.tagid);
    names.add(tag?.tagname);
    check(
      tag?.userids === undefined ||
        (Array.isArray(tag.userids) &&
          tag.userids.every((u) => typeof u === 'string' && members.has(u.toLowerCase()))),
      `${tp}.userids`,
      'userids of members listed in this corp',
    );
    check(
      tag?.partyids === undefined ||
        (Array.isArray(tag.partyids) && tag.partyids.every((d) => departments.has(d))),
      `${tp}.partyids`,
      'ids of departments listed in this corp',
    );
  }
}
