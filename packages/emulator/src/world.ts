import { randomBytes } from 'node:crypto';
import type { Platform } from '@wxkit/core';
import { CappedMap, Ring } from './bounded.js';
import { type CardRecord, pruneResponseCodes, type ResponseCodeRecord } from './cards.js';
import type { Seed, SeedApp, SeedCorp, SeedMember, SeedOfficialAccount } from './seed.js';

export type { Platform };

export interface TokenRecord {
  value: string;
  platform: Platform;
  /** corpId or appId. */
  owner: string;
  agentId?: number;
  kind: 'access_token' | 'stable_token' | 'sns';
  expiresAt: number;
  /** Set when a newer token superseded it (OA): answers 40001 afterwards. */
  revoked?: boolean;
  /** OA /cgi-bin/token: superseded by a newer token, works until this time, then 40001. */
  revokeAt?: number;
  /** sns tokens: who and with what scope. */
  openid?: string;
  scope?: string;
}

export interface CodeRecord {
  value: string;
  platform: Platform;
  owner: string;
  agentId?: number;
  /** userid (WeCom member) or openid. */
  subject: string;
  member: boolean;
  scope: string;
  redirectHost: string;
  issuedAt: number;
  used: boolean;
  /** OA snapshot-page login (朋友圈快照页): the exchange answers is_snapshotuser=1. */
  snapshot?: boolean;
}

export interface TicketRecord {
  value: string;
  expiresAt: number;
}

export interface SentMessage {
  at: number;
  corpId: string;
  agentId: number;
  body: Record<string, unknown>;
  delivered: string[];
  /** Recipients over the per-member frequency limit: the platform drops these without an error. */
  dropped?: string[];
}

export interface JournalEntry {
  at: number;
  method: string;
  path: string;
  errcode: number;
  explanation?: string;
  note?: string;
}

export interface Fault {
  path: string;
  remaining: number;
  errcode?: number;
  status?: number;
  delayMs?: number;
  drop?: boolean;
}

/** A follower's interaction with an Official Account (opens the customer-service window). */
export interface OaInteraction {
  /** What the follower did last: message, click, scancode, subscribe, scan, unsubscribe. */
  kind: string;
  at: number;
  /** The customer-service window closes then (45015 after). */
  until: number;
  /** Customer-service messages left in the window (45047 at 0). */
  remaining: number;
}

export interface OaOutboxEntry {
  at: number;
  appId: string;
  openid: string;
  kind: 'template' | 'custom';
  msgid?: number;
  body: Record<string, unknown>;
  /** Template messages: the TEMPLATESENDJOBFINISH Status pushed afterwards. */
  status?: string;
}

/** A sliding window of call counts: sixty buckets of windowMs/60 and which bucket period each holds. */
export interface RateWindow {
  counts: number[];
  stamps: number[];
  windowMs: number;
}

/** Caps on what the emulator remembers; past them the oldest entries go first (see README "Bounds"). */
export const CAPS = {
  tokens: 10_000,
  /** Non-sns tokens kept per app and kind (OA issues a new one per /cgi-bin/token call). */
  tokensPerOwner: 16,
  codes: 10_000,
  tickets: 1000,
  userTickets: 10_000,
  refreshTokens: 10_000,
  windows: 10_000,
  /** Per-member message frequency windows, kept apart so a message to everyone cannot push out the API quotas. */
  memberWindows: 20_000,
  journal: 1000,
  inbox: 1000,
  events: 1000,
  faults: 100,
  errcodes: 200,
  /** Members added through the authorize page's "add member" form, per corp. */
  members: 5000,
  /** OA temporary parametric QR codes kept (all accounts); the oldest are forgotten first (brief C1). */
  qrcodes: 10_000,
  /** OA permanent parametric QR codes kept (all accounts; each account is also held to limits.permanentQrCodes). */
  permanentQrcodes: 100_000,
  /** Followers added by the scan action, per Official Account. */
  followers: 5000,
  /** Departments per corp (the seed's and those added through POST /_emulator/contacts/department). */
  departments: 1000,
  // Official Account messages (oa-messages): followers' interaction windows and the outbox.
  oaInteractions: 10_000,
  oaOutbox: 1000,
  oaClientMsgIds: 10_000,
  // Template cards (cards.ts): interactive cards by task_id, and their response codes.
  cards: 1000,
  responseCodes: 10_000,
  // OA subscription notifications (oa-subscribe): grants per appId:openid:template and the notifications sent.
  oaSubscribeGrants: 10_000,
  oaSubscribeSent: 1000,
} as const;

// --- OA subscription notifications (oa-subscribe) ---
/** A user's choice in the wx-open-subscribe popup for one template (POST /_emulator/oa/subscribe-popup). */
export interface OaSubscribeGrant {
  appId: string;
  openid: string;
  templateId: string;
  status: 'accept' | 'reject';
  /** 2 one-time, 3 long-term (the template's type). */
  type: number;
  /** One-time templates: sends left (one per acceptance). */
  remaining: number;
  at: number;
}

/** A subscription notification accepted by bizsend. */
export interface OaSubscribeSentEntry {
  at: number;
  appId: string;
  openid: string;
  templateId: string;
  msgid: number;
  body: Record<string, unknown>;
}
// --- end OA subscription notifications ---

/** One OA parametric QR code (qrcode/create), by ticket. */
export interface QrCodeRecord {
  ticket: string;
  appId: string;
  action: string;
  scene: number | string;
  permanent: boolean;
  url: string;
  createdAt: number;
  /** Temporary codes only. */
  expiresAt?: number;
  expireSeconds?: number;
  /** Scans so far (the console shows it). */
  scans: number;
}

/** The `calls` bucket for every path the emulator does not serve (one key, whatever the path). */
export const OTHER_PATHS = '(not emulated)';

/** Everything the emulator knows and remembers; `reset()` rebuilds it from the seed. */
export class World {
  tokens = new CappedMap<string, TokenRecord>(CAPS.tokens);
  codes = new CappedMap<string, CodeRecord>(CAPS.codes);
  tickets = new CappedMap<string, TicketRecord>(CAPS.tickets);
  userTickets = new CappedMap<string, { userid: string; corpId: string; agentId: number; expiresAt: number }>(
    CAPS.userTickets,
  );
  refreshTokens = new CappedMap<
    string,
    { appId: string; openid: string; scope: string; expiresAt: number; accessToken?: string }
  >(CAPS.refreshTokens);
  menus = new Map<string, unknown>();
  workbench = new Map<string, Record<string, unknown>>();
  inbox = new Ring<SentMessage>(CAPS.inbox);
  /** Messages accepted so far (msgid numbering; the inbox keeps only the newest). */
  sent = 0;
  journal = new Ring<JournalEntry>(CAPS.journal);
  /** Per known route (and one bucket for the rest): how many calls. */
  calls: Record<string, number> = {};
  errcodes: Record<string, number> = {};
  /** Active faults by path; a fault is removed when its count is spent. */
  faults = new Map<string, Fault[]>();
  /** Per rate-limit key: call counts in sixty buckets of a window, and which bucket period each holds. */
  windows = new CappedMap<string, RateWindow>(CAPS.windows);
  /** message/send's per-member limits (two windows per recipient), apart from `windows`. */
  memberWindows = new CappedMap<string, RateWindow>(CAPS.memberWindows);
  forcedRefreshes = new Map<string, number[]>();
  events = new Ring<{ at: number; agentId: number; status: number; body: string }>(CAPS.events);
  // OA parametric QR codes by ticket (services/oa-qrcode.ts), temporary and permanent apart so a flood of
  // temporary codes never pushes out a permanent one.
  qrcodes = new CappedMap<string, QrCodeRecord>(CAPS.qrcodes);
  permanentQrcodes = new CappedMap<string, QrCodeRecord>(CAPS.permanentQrcodes);
  // --- Official Account messages (oa-messages) ---
  /** Per `appId:openid`: the follower's last interaction, its customer-service quota and follow state. */
  oaInteractions = new CappedMap<string, OaInteraction>(CAPS.oaInteractions);
  /** Template and customer-service messages accepted, newest last. */
  oaOutbox = new Ring<OaOutboxEntry>(CAPS.oaOutbox);
  /** Template messages accepted so far (msgid numbering). */
  oaSent = 0;
  /** `appId:openid:client_msg_id` → msgid and when it was sent (the platform dedupes for 10 minutes). */
  oaClientMsgIds = new CappedMap<string, { msgid: number; at: number }>(CAPS.oaClientMsgIds);
  // --- end Official Account messages ---
  // Template cards (cards.ts): each interactive card by corp:agent:task_id, and the response codes issued for them.
  cards = new CappedMap<string, CardRecord>(CAPS.cards);
  responseCodes = new CappedMap<string, ResponseCodeRecord>(CAPS.responseCodes);
  // --- OA subscription notifications (oa-subscribe) ---
  /** `appId:openid:templateId` → the user's latest popup choice and what is left of it. */
  oaSubscribeGrants = new CappedMap<string, OaSubscribeGrant>(CAPS.oaSubscribeGrants);
  /** Subscription notifications sent, newest last (msgid numbering: oaSubscribeCount). */
  oaSubscribeSent = new Ring<OaSubscribeSentEntry>(CAPS.oaSubscribeSent);
  oaSubscribeCount = 0;
  // --- end OA subscription notifications ---
  /** Non-sns tokens per platform/owner/agent/kind, newest last: lookups never scan every token. */
  private owned = new Map<string, TokenRecord[]>();

  constructor(
    public seed: Seed,
    readonly now: () => number,
  ) {
    for (const corp of seed.wecom)
      for (const app of corp.apps)
        if (app.menu) this.menus.set(`wecom:${corp.corpId}:${app.agentId}`, app.menu);
  }

  corp(corpId: string): SeedCorp | undefined {
    return this.seed.wecom.find((c) => c.corpId === corpId);
  }

  app(corpId: string, agentId: number): SeedApp | undefined {
    return this.corp(corpId)?.apps.find((a) => a.agentId === agentId);
  }

  account(appId: string): SeedOfficialAccount | undefined {
    return this.seed.officialAccounts.find((a) => a.appId === appId);
  }

  member(corpId: string, userid: string): SeedMember | undefined {
    const lower = userid.toLowerCase();
    return this.corp(corpId)?.members.find((m) => m.userid.toLowerCase() === lower);
  }

  /** Departments `id` and every one below it. */
  departmentTree(corp: SeedCorp, id: number): Set<number> {
    const ids = new Set([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const d of corp.departments) {
        if (d.parentId !== undefined && ids.has(d.parentId) && !ids.has(d.id)) {
          ids.add(d.id);
          grew = true;
        }
      }
    }
    return ids;
  }

  /**
   * The departments an app sees: those of its visible range and everything below them (doc 90344/95406
   * "只能拉取token对应的应用的权限范围内的部门列表"). A walk of the directory: compute it once per request and pass it
   * to `visible` when checking many members.
   */
  visibleRange(corp: SeedCorp, app: SeedApp): Set<number> {
    return new Set((app.visibleTo.departments ?? []).flatMap((d) => [...this.departmentTree(corp, d)]));
  }

  visible(corp: SeedCorp, app: SeedApp, member: SeedMember, range = this.visibleRange(corp, app)): boolean {
    if (app.visibleTo.users?.includes(member.userid)) return true;
    return member.department.some((d) => range.has(d));
  }

  visibleMembers(corpId: string, agentId: number): SeedMember[] {
    const corp = this.corp(corpId);
    const app = this.app(corpId, agentId);
    if (!corp || !app) return [];
    const range = this.visibleRange(corp, app);
    return corp.members.filter((m) => this.visible(corp, app, m, range));
  }

  /** Adds a token and indexes it by owner; the owner's oldest beyond {@link CAPS.tokensPerOwner} are forgotten. */
  addToken(record: TokenRecord): void {
    this.tokens.set(record.value, record);
    if (record.kind === 'sns') return;
    const key = ownerKey(record.platform, record.owner, record.kind, record.agentId);
    const list = (this.owned.get(key) ?? []).filter((t) => this.tokens.get(t.value) === t);
    list.push(record);
    while (list.length > CAPS.tokensPerOwner) {
      const dropped = list.shift();
      if (dropped) this.tokens.delete(dropped.value);
    }
    this.owned.set(key, list);
  }

  /** The owner's tokens of one kind still in the store, oldest first. */
  tokensOf(platform: Platform, owner: string, kind: TokenRecord['kind'], agentId?: number): TokenRecord[] {
    const list = this.owned.get(ownerKey(platform, owner, kind, agentId)) ?? [];
    return list.filter((t) => this.tokens.get(t.value) === t);
  }

  /** Counts an answer's errcode (at most {@link CAPS.errcodes} distinct codes; the rest under "other"). */
  countErrcode(errcode: number): void {
    const key =
      String(errcode) in this.errcodes || Object.keys(this.errcodes).length < CAPS.errcodes
        ? String(errcode)
        : 'other';
    this.errcodes[key] = (this.errcodes[key] ?? 0) + 1;
  }

  /** The first live fault for `path`, its count taken; spent faults leave the list. */
  takeFault(path: string): Fault | undefined {
    const list = this.faults.get(path);
    const fault = list?.[0];
    if (!list || !fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) list.shift();
    if (list.length === 0) this.faults.delete(path);
    return fault;
  }

  faultCount(): number {
    let n = 0;
    for (const list of this.faults.values()) n += list.length;
    return n;
  }

  /** How much the emulator holds, per map (GET /_emulator/stats `sizes`; the memory bench prints it). */
  sizes(): Record<string, number> {
    return {
      tokens: this.tokens.size,
      codes: this.codes.size,
      tickets: this.tickets.size,
      userTickets: this.userTickets.size,
      refreshTokens: this.refreshTokens.size,
      windows: this.windows.size,
      memberWindows: this.memberWindows.size,
      journal: this.journal.length,
      inbox: this.inbox.length,
      events: this.events.length,
      faults: this.faultCount(),
      calls: Object.keys(this.calls).length,
      errcodes: Object.keys(this.errcodes).length,
      qrcodes: this.qrcodes.size,
      permanentQrcodes: this.permanentQrcodes.size,
      oaInteractions: this.oaInteractions.size,
      oaOutbox: this.oaOutbox.length,
      oaClientMsgIds: this.oaClientMsgIds.size,
      cards: this.cards.size,
      responseCodes: this.responseCodes.size,
      oaSubscribeGrants: this.oaSubscribeGrants.size,
      oaSubscribeSent: this.oaSubscribeSent.length,
    };
  }

  private lastPrune = 0;

  /** Forgets tokens, codes and tickets long past their life, so a long-running emulator stays small. */
  pruneNow(): void {
    const now = this.now();
    const hour = 3_600_000;
    for (const [value, token] of this.tokens) if (token.expiresAt < now - hour) this.tokens.delete(value);
    // Codes live 5 minutes; ten minutes on, a reuse and an unknown code answer alike on WeCom (40029), and OA's
    // 40163 for a reuse is only worth keeping for about as long as a client retries.
    for (const [value, code] of this.codes) if (code.issuedAt < now - 600_000) this.codes.delete(value);
    for (const [value, ticket] of this.userTickets)
      if (ticket.expiresAt < now - hour) this.userTickets.delete(value);
    for (const [value, refresh] of this.refreshTokens)
      if (refresh.expiresAt < now) this.refreshTokens.delete(value);
    for (const [value, ticket] of this.tickets) if (ticket.expiresAt < now - hour) this.tickets.delete(value);
    // An expired QR code is kept a day so a scan can say "expired" rather than "unknown".
    for (const [value, code] of this.qrcodes)
      if ((code.expiresAt ?? now) < now - 24 * hour) this.qrcodes.delete(value);
    for (const windows of [this.windows, this.memberWindows])
      for (const [key, window] of windows)
        if (Math.max(...window.stamps) < Math.floor(now / (window.windowMs / 60)) - 60) windows.delete(key);
    for (const [key, times] of this.forcedRefreshes) {
      const recent = times.filter((t) => t > now - 86_400_000);
      if (recent.length === 0) this.forcedRefreshes.delete(key);
      else this.forcedRefreshes.set(key, recent);
    }
    pruneResponseCodes(this);
    for (const [key, list] of this.owned) {
      const kept = list.filter((t) => this.tokens.get(t.value) === t);
      if (kept.length === 0) this.owned.delete(key);
      else this.owned.set(key, kept);
    }
  }

  /** Called once per platform request; prunes at most once a minute of the emulator's clock. */
  prune(): void {
    const now = this.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    this.pruneNow();
  }

  /**
   * Counts a call against `limit` per `windowMs`; true when over. Sixty buckets per window keep memory and
   * time constant however many calls come (the window is exact to a sixtieth).
   */
  overLimit(
    key: string,
    limit: number,
    windowMs: number,
    windows: Map<string, RateWindow> = this.windows,
  ): boolean {
    const bucketMs = windowMs / 60;
    const current = Math.floor(this.now() / bucketMs);
    let window = windows.get(key);
    if (!window) {
      window = {
        counts: new Array<number>(60).fill(0),
        stamps: new Array<number>(60).fill(-1),
        windowMs,
      };
      windows.set(key, window);
    }
    const slot = current % 60;
    if (window.stamps[slot] !== current) {
      window.stamps[slot] = current;
      window.counts[slot] = 0;
    }
    let total = 0;
    for (let i = 0; i < 60; i++) if ((window.stamps[i] ?? -1) > current - 60) total += window.counts[i] ?? 0;
    // Refused calls do not count: a client that keeps calling over the limit gets through again as the
    // window moves on (counting them would lock it out for as long as it keeps trying).
    if (total >= limit) return true;
    window.counts[slot] = (window.counts[slot] ?? 0) + 1;
    return false;
  }
}

const ownerKey = (platform: Platform, owner: string, kind: string, agentId?: number) =>
  `${platform}:${owner}:${agentId ?? ''}:${kind}`;

export const randomToken = (length: number) =>
  randomBytes(Math.ceil((length * 3) / 4))
    .toString('base64url')
    .slice(0, length);
