import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createFileStore,
  createMemoryStore,
  createOfficialAccount,
  createWeCom,
  type Logger,
  type Store,
} from '@wxkit/core';
import { createSuite } from '@wxkit/core/provider';
import { createRedisStore } from '@wxkit/redis';
import { errorResponse, type WxServer } from '@wxkit/server';
import type { SurveyConfig } from './config.js';
import { openDatabase } from './db.js';
import { type EditionParts, editionRoutes } from './edition.js';
import { type IsvEdition, isvEdition } from './isv-edition.js';
import { oaEdition } from './oa-edition.js';
import { openPhotoStore, PHOTO_LIMITS, type PhotoLimits } from './photos.js';
import { weComEdition } from './wecom-edition.js';

export interface SurveyAppOptions {
  config: SurveyConfig;
  /** Injected in tests (e.g. the emulator's in-process fetch). */
  fetch?: typeof fetch;
  store?: Store;
  clock?: () => number;
  logger?: Logger;
  /** Bounds of the kept photos (tests make them small). */
  photoLimits?: PhotoLimits;
}

/**
 * The survey app as one web-standard handler, built only on the public wxkit kits: the WeCom edition at `/` and
 * the Official Account edition at `/oa` (or either alone at `/`), sharing one answers file and photo folder.
 */
export function createSurveyApp(options: SurveyAppOptions) {
  const { config } = options;
  const clock = options.clock ?? Date.now;
  const env = config.emulatorHost ? { WXKIT_EMULATOR_HOST: config.emulatorHost } : {};
  const redis =
    !options.store && (config.redisUrl || config.redisSentinel)
      ? createRedisStore({
          ...(config.redisUrl ? { url: config.redisUrl } : {}),
          ...(config.redisSentinel ? { sentinel: config.redisSentinel } : {}),
          prefix: config.redisPrefix,
        })
      : undefined;
  // Against the emulator, whose tokens and tickets die with it, a cache that survives restarts would hand the
  // page a ticket the next emulator never issued: keep them in memory there.
  const store =
    options.store ??
    redis ??
    (config.emulatorHost
      ? createMemoryStore()
      : createFileStore({ path: join(dirname(config.dbPath), 'tokens.json') }));
  const common = {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    env,
  };
  const db = openDatabase(config.dbPath);
  const photos = openPhotoStore(
    config.dbPath === ':memory:' ? join(process.cwd(), '.wxkit', 'survey-photos') : `${config.dbPath}.photos`,
    options.photoLimits ?? PHOTO_LIMITS,
  );
  const logger = options.logger ? { logger: options.logger } : {};
  const editions: EditionParts[] = [];
  if (config.editions.includes('wecom')) {
    const wecom = createWeCom({
      corpId: config.corpId,
      corpSecret: config.secret,
      agentId: config.agentId,
      store,
      ...common,
    });
    editions.push(weComEdition({ config, wecom, store, db, clock, ...logger }));
  }
  if (config.editions.includes('oa')) {
    const oa = createOfficialAccount({
      appId: config.oa.appId,
      appSecret: config.oa.appSecret,
      store,
      ...common,
    });
    editions.push(oaEdition({ config, oa, store, db, clock, ...logger }));
  }
  let isv: IsvEdition | undefined;
  if (config.editions.includes('isv')) {
    const suite = createSuite({
      suiteId: config.isv.suiteId,
      suiteSecret: config.isv.suiteSecret,
      sealSecret: config.isv.sealSecret,
      store,
      ...common,
    });
    isv = isvEdition({ config, suite, store, db, photos, clock, ...logger });
    editions.push(isv);
    // The tenant registry is the truth: answers of a corp not in it go at start (an uninstall no process heard,
    // cancel_auth answered and then a crash; against the emulator, whose in-memory tenants a restart forgets, the
    // corps' members must be installed again anyway).
    void isv
      .reconcile()
      .catch((error: Error) => options.logger?.warn(`survey (isv): reconcile failed: ${error.message}`));
  }
  // The pages' script (page/app.ts with @wxkit/browser inlined), bundled by the build: the same file whether
  // this module runs from src/ or dist/.
  const pageScript = fileURLToPath(new URL('../dist/page/app.js', import.meta.url));
  const shared = { photos, clock, pageScript };
  const routes = editions.map((parts) => ({ base: parts.base, route: editionRoutes(shared, parts) }));
  // The longest base first: /oa/… and /isv/… are theirs, everything else the WeCom edition's.
  routes.sort((a, b) => b.base.length - a.base.length);
  const within = (base: string, path: string) => base === '' || path === base || path.startsWith(`${base}/`);

  const pages = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const edition = routes.find((r) => within(r.base, path));
    if (edition) return edition.route(request);
    return errorResponse(404, {
      code: 'not_found',
      message: `${request.method} ${path} is not a page of the survey`,
    });
  };
  const servers: WxServer[] = editions.map((e) => e.wx);

  return {
    /** The first edition's kit (the WeCom one when it runs). */
    wx: servers[0] as WxServer,
    /** Every edition's kit, in the order their routes are tried. */
    servers,
    editions,
    /** The third-party app edition (its suite and its tenants), when it runs. */
    isv,
    db,
    photos,
    /** The survey's own pages and APIs, without the wxkit routes. */
    pages,
    async fetch(request: Request): Promise<Response> {
      for (const wx of servers) {
        const answered = await wx.handle(request);
        if (answered) return answered;
      }
      return pages(request);
    },
    async close() {
      db.close();
      await redis?.close();
    },
  };
}

export type SurveyApp = ReturnType<typeof createSurveyApp>;
