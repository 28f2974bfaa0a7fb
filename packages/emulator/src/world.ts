import { randomBytes } from 'node:crypto';
import type { Platform } from '@wxkit/core';
import type { Seed, SeedApp, SeedCorp, SeedMember, SeedOfficialAccount } from './seed.js';
import { Store } from './store/store.js';

export type { Platform };

/**
 * A feature's own state: the collections it declares on the store, built once per world (on first use, or when
 * the world is made with the feature's list). `of(world)` is how the feature's code reaches them.
 */
export interface State<T> {
  readonly name: string;
  create(store: Store, world: World): T;
  of(world: World): T;
}

export function defineState<T>(name: string, create: (store: Store, world: World) => T): State<T> {
  const state: State<T> = { name, create, of: (world) => world.state(state) };
  return state;
}

/** How the emulator reaches the app (callbacks, pushes): the global fetch, or a test's own (the app's `handle`). */
export interface Outbound {
  fetch: (input: URL | Request | string, init?: RequestInit) => Promise<Response>;
  /** The platforms drop a push unanswered after 5 s. */
  timeoutMs: number;
}

export const DEFAULT_OUTBOUND: Outbound = { fetch: (input, init) => fetch(input, init), timeoutMs: 5000 };

interface Timer {
  at: number;
  run: () => void;
  handle?: ReturnType<typeof setTimeout>;
}

/**
 * What one run of the emulator knows: the seed (the directory and followers as changed since), the clock, and the
 * store every feature keeps its collections in. A reset or a restore builds a new world; nothing is kept
 * anywhere else, so a snapshot of the store is the whole state.
 */
export class World {
  readonly store: Store;
  private readonly states = new Map<State<unknown>, unknown>();
  private lastPrune = 0;
  private timers = new Set<Timer>();
  outbound: Outbound = DEFAULT_OUTBOUND;

  constructor(
    public seed: Seed,
    readonly now: () => number,
    saved: Record<string, unknown> = {},
    states: readonly State<unknown>[] = [],
  ) {
    this.store = new Store(saved);
    for (const state of states) this.state(state);
  }

  /**
   * Runs `run` once `ms` have passed on the emulator's clock: when the real time has passed (a clock that follows
   * the wall clock) or when the clock is advanced past it (`runDue`), whichever comes first.
   */
  later(ms: number, run: () => void): void {
    const timer: Timer = { at: this.now() + ms, run };
    timer.handle = setTimeout(() => this.runDue(), ms + 1);
    timer.handle.unref?.();
    this.timers.add(timer);
  }

  /** Runs every timer whose time has come (called after the clock moved). */
  runDue(): void {
    const now = this.now();
    for (const timer of [...this.timers])
      if (timer.at <= now) {
        this.timers.delete(timer);
        clearTimeout(timer.handle);
        timer.run();
      }
  }

  /** Drops the timers (a reset or restore leaves this world behind). */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer.handle);
    this.timers.clear();
  }

  /** A feature's state in this world, built on first use. */
  state<T>(state: State<T>): T {
    if (!this.states.has(state)) this.states.set(state, state.create(this.store, this));
    return this.states.get(state) as T;
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

  /** How much the emulator holds, per collection. */
  sizes(): Record<string, number> {
    return this.store.sizes();
  }

  /** Forgets what is long past its life in every collection, so a long-running emulator stays small. */
  pruneNow(): void {
    this.store.prune(this.now());
  }

  /** Called once per platform request; prunes at most once a minute of the emulator's clock. */
  prune(): void {
    const now = this.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    this.pruneNow();
  }
}

export const randomToken = (length: number) =>
  randomBytes(Math.ceil((length * 3) / 4))
    .toString('base64url')
    .slice(0, length);
