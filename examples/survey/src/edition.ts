import { readFile } from 'node:fs/promises';
import type { MediaFile, Platform } from '@wxkit/core';
import { errorResponse, type SessionUser, type WxServer } from '@wxkit/server';
import QRCode from 'qrcode';
import type { AnswerSpace } from './db.js';
import {
  adminPage,
  forbiddenPage,
  loginPage,
  type PageContext,
  type PhotoGallery,
  resultsPage,
  surveyPage,
} from './pages.js';
import { fetchPhotos, PHOTO_NAME, PhotoError, type PhotoStore } from './photos.js';
import { AnswerError, PHOTO_QUESTIONS, validateAnswers } from './survey.js';

/** What differs between the editions (WeCom, Official Account, third-party app); the routes below are the same. */
export interface EditionParts {
  platform: Platform;
  /** Path prefix of the edition ('', '/oa' or '/isv'). */
  base: string;
  wx: WxServer;
  /** The database key of this edition's answers. */
  survey: string;
  /** The answers this member may read and write: the edition's space (the ISV edition: the member's corp's). */
  answers(user: SessionUser): AnswerSpace;
  /** The member of a request; default the kit's session (the ISV edition also needs the corp still installed). */
  member?(request: Request): Promise<SessionUser | undefined>;
  /** Pages open without a session (the ISV edition's landing page for visitors and its installed page). */
  openPage?(path: string, request: Request, user: SessionUser | undefined): Response | undefined;
  /** The platform's media/get for this member; without it the photo question is not offered. */
  media?: (mediaId: string, user: SessionUser) => Promise<MediaFile>;
  /** The line under the member's name (WeCom: the departments). */
  describe(user: SessionUser): Promise<string>;
  isAdmin(user: SessionUser): boolean;
  /** The admin page's own cards (HTML) and the QR code it shows. */
  admin(user: SessionUser): Promise<{ cards: string; link: string; qr?: string }>;
  /** The edition's admin APIs (`/api/admin/*`, already checked for an admin); undefined = no such API. */
  adminApi(path: string, request: Request, user: SessionUser): Promise<Response | undefined>;
}

export interface Shared {
  photos: PhotoStore;
  clock: () => number;
  /** dist/page/app.js. */
  pageScript: string;
}

export const html = (body: string, status = 200) =>
  new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
export const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });

const unauthenticated = (base: string) =>
  errorResponse(401, {
    code: 'unauthenticated',
    message: '请先登录',
    hint: `GET ${base}/wx/login?redirect=${base}/`,
  });
const notAdmin = () =>
  errorResponse(403, {
    code: 'not_admin',
    message: '只有管理员可以进行此操作 (admins only)',
    hint: 'Add the member to SURVEY_ADMINS or a department to SURVEY_ADMIN_DEPARTMENTS (OA: SURVEY_OA_ADMINS)',
  });

/** The photos of this edition's answers, by question, with who sent each (admins only). */
function gallery(space: AnswerSpace, survey: string): PhotoGallery {
  const out: PhotoGallery = {};
  for (const q of PHOTO_QUESTIONS) out[q] = [];
  for (const s of space.list(survey))
    for (const q of PHOTO_QUESTIONS) {
      const names = s.answers[q];
      for (const photo of Array.isArray(names) ? names : []) out[q]?.push({ name: s.name, photo });
    }
  return out;
}

export const photoNames = (answers: Record<string, unknown> | undefined) =>
  PHOTO_QUESTIONS.flatMap((q) => {
    const v = answers?.[q];
    return Array.isArray(v) ? v.map(String) : [];
  });

/** One edition's pages and APIs as a web handler (the kit's routes are served before it). */
export function editionRoutes(shared: Shared, parts: EditionParts) {
  const { photos } = shared;
  const { base, survey } = parts;
  const page: PageContext = { base, platform: parts.platform };
  const offersPhotos = parts.media !== undefined;

  // Read once, on the first request (a missing bundle is retried, so building while it runs works).
  let script: Promise<Uint8Array> | undefined;
  const asset = async (path: string): Promise<Response> => {
    if (path !== '/assets/app.js') return errorResponse(404, { code: 'not_found', message: path });
    try {
      script ??= readFile(shared.pageScript);
      return new Response((await script).slice(), {
        headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' },
      });
    } catch {
      script = undefined;
      return errorResponse(404, { code: 'not_found', message: `${path} (build the survey: npm run build)` });
    }
  };

  const servePhoto = (name: string, user: SessionUser | undefined): Response => {
    if (!user) return unauthenticated(base);
    if (!parts.isAdmin(user)) return notAdmin();
    // Only a photo of one of the answers this admin may read, by the name the app gave it.
    const known =
      PHOTO_NAME.test(name) &&
      parts
        .answers(user)
        .list(survey)
        .some((s) => photoNames(s.answers).includes(name));
    const photo = known ? photos.read(name) : undefined;
    if (!photo) return errorResponse(404, { code: 'no_photo', message: `no photo ${name.slice(0, 80)}` });
    return new Response(photo.data.slice(), {
      headers: {
        'content-type': photo.contentType,
        'x-content-type-options': 'nosniff',
        'content-disposition': 'inline',
        'cache-control': 'private, max-age=3600',
      },
    });
  };

  const saveAnswers = async (request: Request, user: SessionUser): Promise<Response> => {
    const space = parts.answers(user);
    let kept: string[] = [];
    try {
      const answers = validateAnswers(await request.json().catch(() => undefined));
      for (const q of PHOTO_QUESTIONS) {
        const serverIds = (answers[q] as string[] | undefined) ?? [];
        if (serverIds.length > 0 && !parts.media)
          throw new AnswerError(q, 'photos are not offered in this edition');
        const media = parts.media;
        const names =
          media && serverIds.length > 0 ? await fetchPhotos(photos, serverIds, (id) => media(id, user)) : [];
        kept = [...kept, ...names];
        answers[q] = names;
      }
      const previous = space.get(survey, user.id);
      space.save({
        survey,
        userid: user.id,
        name: user.name,
        department: await parts.describe(user),
        answers,
        at: shared.clock(),
      });
      // The answer replaced: its photos are no one's any more.
      photos.remove(photoNames(previous?.answers).filter((n) => !kept.includes(n)));
      return json({
        ok: true,
        total: space.count(survey),
        ...(kept.length > 0 ? { photos: kept.length } : {}),
      });
    } catch (error) {
      photos.remove(kept);
      if (error instanceof AnswerError)
        return errorResponse(400, { code: 'invalid_answer', message: error.message });
      if (error instanceof PhotoError)
        return errorResponse(error.status, {
          code: error.code,
          message: error.message,
          ...(error.hint ? { hint: error.hint } : {}),
        });
      throw error;
    }
  };

  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname.slice(base.length) || '/';
    if (path.startsWith('/assets/')) return asset(path);
    if (path === '/healthz') return json({ ok: true, platform: parts.platform });
    // The same CSRF rule as the kit's own routes: JSON only, and never from another site.
    const crossSite = parts.wx.refuseCrossSite(request, { json: true });
    if (crossSite) return crossSite;
    const user = await (parts.member ? parts.member(request) : parts.wx.getUser(request));
    if (request.method === 'GET' && path.startsWith('/photos/'))
      return servePhoto(path.slice('/photos/'.length), user);
    const open = request.method === 'GET' ? parts.openPage?.(path, request, user) : undefined;
    if (open) return open;
    if (request.method === 'GET' && ['/', '/results', '/admin'].includes(path)) {
      if (!user) return html(loginPage(page));
      const describe = await parts.describe(user);
      const space = parts.answers(user);
      if (path === '/')
        return html(
          surveyPage(page, user, describe, space.submitted(survey, user.id), { photos: offersPhotos }),
        );
      if (path === '/results')
        return html(
          resultsPage(
            page,
            user,
            describe,
            space.count(survey),
            space.tally(survey),
            parts.isAdmin(user) ? gallery(space, survey) : undefined,
          ),
        );
      if (!parts.isAdmin(user)) return html(forbiddenPage(page, user), 403);
      const admin = await parts.admin(user);
      return html(
        adminPage(
          page,
          user,
          describe,
          admin.cards,
          admin.link,
          admin.qr ?? (await QRCode.toString(admin.link, { type: 'svg', margin: 1 })),
        ),
      );
    }
    if (path === '/api/answers' && request.method === 'POST') {
      if (!user) return unauthenticated(base);
      return saveAnswers(request, user);
    }
    if (path.startsWith('/api/admin/') && request.method === 'POST') {
      if (!user) return unauthenticated(base);
      if (!parts.isAdmin(user)) return notAdmin();
      const answered = await parts.adminApi(path, request, user);
      if (answered) return answered;
    }
    return errorResponse(404, {
      code: 'not_found',
      message: `${request.method} ${url.pathname} is not a page of the survey`,
    });
  };
}

/** A platform error as the admin page shows it: the message and hint, never the request's secrets. */
export function platformFailure(code: string, error: unknown): Response {
  const e = error as { errcode?: number; hint?: string; message?: string };
  return errorResponse(502, {
    code,
    message: e.message ?? String(error),
    ...(e.errcode ? { errcode: e.errcode } : {}),
    ...(e.hint ? { hint: e.hint } : {}),
  });
}
