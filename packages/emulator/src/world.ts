import { randomBytes } from 'node:crypto';
import type { Seed, SeedApp, SeedCorp, SeedMember, SeedOfficialAccount } from './seed.js';

export type Platform = 'wecom' | 'oa';

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

/** Everything the emulator knows and remembers; `reset()` rebuilds it from the seed. */
export class World {
  tokens = new Map<string, TokenRecord>();
  codes = new Map<string, CodeRecord>();
  tickets = new Map<string, TicketRecord>();
  userTickets = new Map<string, { userid: string; corpId: string; agentId: number; expiresAt: number }>();
  refreshTokens = new Map<string, { appId: string; openid: string; scope: string; expiresAt: number }>();
  menus = new Map<string, unknown>();
  workbench = new Map<string, Record<string, unknown>>();
  inbox: SentMessage[] = [];
  journal: JournalEntry[] = [];
  calls: Record<string, number> = {};
  errcodes: Record<string, number> = {};
  faults: Fault[] = [];
  /** Per rate-limit key: call counts in sixty buckets of a window, and which bucket period each holds. */
  windows = new Map<string, { counts: number[]; stamps: number[] }>();
  forcedRefreshes = new Map<string, number[]>();
  events: { at: number; agentId: number; status: number; body: string }[] = [];

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

  visible(corp: SeedCorp, app: SeedApp, member: SeedMember): boolean {
    if (app.visibleTo.users?.includes(member.userid)) return true;
    const visibleDepartments = new Set(
      (app.visibleTo.departments ?? []).flatMap((d) => [...this.departmentTree(corp, d)]),
    );
    return member.department.some((d) => visibleDepartments.has(d));
  }

  visibleMembers(corpId: string, agentId: number): SeedMember[] {
    const corp = this.corp(corpId);
    const app = this.app(corpId, agentId);
    if (!corp || !app) return [];
    return corp.members.filter((m) => this.visible(corp, app, m));
  }

  private lastPrune = 0;

  /** Forgets tokens, codes and tickets long past their life, so a long-running emulator stays small. */
  pruneNow(): void {
    const now = this.now();
    const hour = 3_600_000;
    for (const [value, token] of this.tokens) if (token.expiresAt < now - hour) this.tokens.delete(value);
    for (const [value, code] of this.codes) if (code.issuedAt < now - hour) this.codes.delete(value);
    for (const [value, ticket] of this.userTickets)
      if (ticket.expiresAt < now - hour) this.userTickets.delete(value);
    for (const [value, refresh] of this.refreshTokens)
      if (refresh.expiresAt < now) this.refreshTokens.delete(value);
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
  overLimit(key: string, limit: number, windowMs: number): boolean {
    const bucketMs = windowMs / 60;
    const current = Math.floor(this.now() / bucketMs);
    let window = this.windows.get(key);
    if (!window) {
      window = { counts: new Array<number>(60).fill(0), stamps: new Array<number>(60).fill(-1) };
      this.windows.set(key, window);
    }
    const slot = current % 60;
    if (window.stamps[slot] !== current) {
      window.stamps[slot] = current;
      window.counts[slot] = 0;
    }
    window.counts[slot] = (window.counts[slot] ?? 0) + 1;
    let total = 0;
    for (let i = 0; i < 60; i++) if ((window.stamps[i] ?? -1) > current - 60) total += window.counts[i] ?? 0;
    return total > limit;
  }
}

export const randomToken = (length: number) =>
  randomBytes(Math.ceil((length * 3) / 4))
    .toString('base64url')
    .slice(0, length);
