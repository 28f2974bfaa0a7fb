import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_WECOM, demoWeCom } from '@wxkit/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openPhotoStore, PHOTO_NAME, photoType } from '../src/photos.js';
import { AnswerError, validateAnswers } from '../src/survey.js';
import {
  dataUrl,
  JPEG,
  login,
  PNG,
  type SurveySetup,
  setupSurvey,
  uploadFromPage,
} from './fixtures/session.js';

const ANSWERS = { q1: '地铁', q2: ['网络'], q3: 4, q4: '' };
const setup = setupSurvey;
const answer = (s: SurveySetup, cookie: string, q5: unknown) =>
  s.call('/api/answers', { method: 'POST', headers: { cookie }, body: JSON.stringify({ ...ANSWERS, q5 }) });
const photosOnResults = async (s: SurveySetup, cookie: string) =>
  [
    ...(await (await s.call('/results', { headers: { cookie } })).text()).matchAll(/data-photo="([^"]+)"/g),
  ].map((m) => m[1] ?? '');
const keptFiles = (s: SurveySetup) =>
  existsSync(`${s.config.dbPath}.photos`)
    ? readdirSync(`${s.config.dbPath}.photos`).filter((n) => PHOTO_NAME.test(n))
    : [];
const fault = (s: SurveySetup, body: Record<string, unknown>) =>
  s.emu.fetch('/_emulator/faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the photo question (WeCom)', () => {
  it('fetches the uploaded picture with media/get, keeps it with the answer and shows it to admins byte for byte', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'zhangsan');
    const serverId = await uploadFromPage(s.emu, DEMO_WECOM.corpId, dataUrl(JPEG));
    const saved = await answer(s, cookie, [serverId]);
    expect(await saved.json()).toEqual({ ok: true, total: 1, photos: 1 });
    const [photo] = await photosOnResults(s, cookie);
    // The name is the app's own, never the serverId or anything else the page sent.
    expect(photo).toMatch(PHOTO_NAME);
    expect(photo).not.toContain(serverId);
    expect(s.app.db.get('workplace-2026', 'zhangsan')?.answers['q5']).toEqual([photo]);
    const served = await s.call(`/photos/${photo}`, { headers: { cookie } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(JPEG))).toBe(true);
  });

  it('keeps a PNG as a PNG, served as image/png', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'linger');
    await answer(s, cookie, [await uploadFromPage(s.emu, DEMO_WECOM.corpId, dataUrl(PNG, 'image/png'))]);
    const [photo] = await photosOnResults(s, cookie);
    expect(photo).toMatch(/\.png$/);
    expect((await s.call(`/photos/${photo}`, { headers: { cookie } })).headers.get('content-type')).toBe(
      'image/png',
    );
  });

  it('shows the photos only to admins: a member gets the count, a visitor 401 and a member 403 on the file', async () => {
    const s = await setup();
    const admin = await login(s, 'zhangsan');
    await answer(s, admin.cookie, [await uploadFromPage(s.emu, DEMO_WECOM.corpId, dataUrl(JPEG))]);
    const [photo] = await photosOnResults(s, admin.cookie);
    const member = await login(s, 'wangwu');
    const page = await (await s.call('/results', { headers: { cookie: member.cookie } })).text();
    expect(page).toContain('1 条照片');
    expect(page).not.toContain('data-photo=');
    expect((await s.call(`/photos/${photo}`, { headers: { cookie: member.cookie } })).status).toBe(403);
    expect((await s.call(`/photos/${photo}`)).status).toBe(401);
  });

  it('refuses a serverId that is not a media_id with a clear 400 naming the question', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'zhangsan');
    for (const bad of [['../../etc/passwd'], ['a b'], [42], 'x'.repeat(200), ['a', 'b', 'c', 'd']]) {
      const refused = await answer(s, cookie, bad);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: 'invalid_answer', message: /^q5: / } });
    }
    expect(s.app.db.count('workplace-2026')).toBe(0);
  });

  it('asks for the photo again when the serverId is unknown or older than 3 days (40007)', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'zhangsan');
    const unknown = await answer(s, cookie, ['3emuNotAnUploadOfThisCorp']);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { code: 'photo_expired' } });
    const serverId = await uploadFromPage(s.emu, DEMO_WECOM.corpId, dataUrl(JPEG));
    await s.emu.fetch('/_emulator/clock/advance', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 3 * 86_400 + 1 }),
    });
    const expired = await answer(s, cookie, [serverId]);
    expect(await expired.json()).toMatchObject({ error: { code: 'photo_expired' } });
    expect(s.app.db.count('workplace-2026')).toBe(0);
  });

  it('refuses a file that is not a JPEG or PNG, even one the platform serves as image/jpeg', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'zhangsan');
    const wecom = demoWeCom(s.emu);
    const text = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    for (const contentType of ['image/svg+xml', 'image/jpeg', 'text/html']) {
      const { mediaId } = await wecom.media.upload('file', { data: text, filename: 'x.jpg', contentType });
      const refused = await answer(s, cookie, [mediaId]);
      expect(refused.status).toBe(415);
      expect(await refused.json()).toMatchObject({ error: { code: 'not_an_image' } });
    }
    expect(keptFiles(s)).toEqual([]);
  });

  it('refuses an empty file as no image (415), not as too large', async () => {
    const store = openPhotoStore(mkdtempSync(join(tmpdir(), 'survey-photos-')));
    const empty = { data: new Uint8Array(0), contentType: 'image/jpeg', filename: 'a.jpg' };
    expect(() => store.keep(empty)).toThrow(expect.objectContaining({ code: 'not_an_image', status: 415 }));
    expect(store.size.files).toBe(0);
  });

  it('refuses a photo over the size cap (413) and keeps nothing of it', async () => {
    const s = await setup({}, { photoLimits: { bytes: 100, files: 10, totalBytes: 10_000 } });
    const { cookie } = await login(s, 'zhangsan');
    const refused = await answer(s, cookie, [await uploadFromPage(s.emu, DEMO_WECOM.corpId, dataUrl(JPEG))]);
    expect(refused.status).toBe(413);
    expect(keptFiles(s)).toEqual([]);
  });

  it('keeps a bounded number of photos: when full, refuses new ones (507) and keeps the earlier answers whole', async () => {
    const s = await setup({}, { photoLimits: { bytes: 10_000, files: 1, totalBytes: 10_000 } });
    const first = await login(s, 'zhangsan');
    await answer(s, first.cookie, [await uploadFromPage(s.emu, DEMO_WECOM.corpId, dataUrl(JPEG))]);
    const second = await login(s, 'linger');
    const refused = await answer(s, second.cookie, [
      await uploadFromPage(s.emu, DEMO_WECOM.corpId, dataUrl(PNG, 'image/png')),
    ]);
    expect(refused.status).toBe(507);
    expect(await refused.json()).toMatchObject({ error: { code: 'photo_storage_full' } });
    expect(keptFiles(s)).toHaveLength(1);
    expect(await photosOnResults(s, first.cookie)).toHaveLength(1);
  });

  it('saves an answer with all its photos or none: a second bad photo takes the first one back out', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'zhangsan');
    const good = await uploadFromPage(s.emu, DEMO_WECOM.corpId, dataUrl(JPEG));
    const refused = await answer(s, cookie, [good, '3emuUnknownMediaId']);
    expect(refused.status).toBe(400);
    expect(keptFiles(s)).toEqual([]);
    expect(s.app.db.submitted('workplace-2026', 'zhangsan')).toBe(false);
  });

  it('removes the photos of an answer a member replaces', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'zhangsan');
    await answer(s, cookie, [await uploadFromPage(s.emu, DEMO_WECOM.corpId, dataUrl(JPEG))]);
    const [before] = keptFiles(s);
    await answer(s, cookie, [await uploadFromPage(s.emu, DEMO_WECOM.corpId, dataUrl(PNG, 'image/png'))]);
    const after = keptFiles(s);
    expect(after).toHaveLength(1);
    expect(after).not.toContain(before);
    expect((await s.call(`/photos/${before}`, { headers: { cookie } })).status).toBe(404);
  });

  it('answers 502 and saves nothing when media/get fails (emulator fault), then succeeds once it recovers', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'zhangsan');
    const serverId = await uploadFromPage(s.emu, DEMO_WECOM.corpId, dataUrl(JPEG));
    expect((await fault(s, { path: '/cgi-bin/media/get', errcode: 45009, count: 1 })).status).toBe(200);
    const failed = await answer(s, cookie, [serverId]);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ error: { code: 'photo_fetch_failed', message: /45009/ } });
    expect(s.app.db.count('workplace-2026')).toBe(0);
    expect(keptFiles(s)).toEqual([]);
    expect(await (await answer(s, cookie, [serverId])).json()).toMatchObject({ ok: true, photos: 1 });
  });

  it('serves nothing but a kept photo under /photos (any other name is a 404)', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'zhangsan');
    await answer(s, cookie, [await uploadFromPage(s.emu, DEMO_WECOM.corpId, dataUrl(JPEG))]);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (name) => {
        const path = `/photos/${encodeURIComponent(name)}`;
        const response = await s.call(path, { headers: { cookie } });
        expect([404]).toContain(response.status);
      }),
      { numRuns: 60 },
    );
    expect((await s.call('/photos/..%2Fsurvey.db', { headers: { cookie } })).status).toBe(404);
  });
});

describe('photo checks (properties)', () => {
  it('validateAnswers takes any input without crashing: a list of at most 3 media ids, or an AnswerError', () => {
    fc.assert(
      fc.property(fc.anything(), (q5) => {
        try {
          const answers = validateAnswers({ ...ANSWERS, q5 });
          const list = answers['q5'] as string[];
          expect(list.length).toBeLessThanOrEqual(3);
          for (const id of list) expect(id).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
        } catch (error) {
          expect(error).toBeInstanceOf(AnswerError);
        }
      }),
    );
  });

  it('photoType accepts only bytes that start as the declared JPEG or PNG', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 16 }),
        fc.constantFrom('image/jpeg', 'image/png', 'image/gif', ''),
        (data, contentType) => {
          const type = photoType({ data, contentType });
          if (type === 'jpg') expect([...data.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
          if (type === 'png') expect(data[0]).toBe(0x89);
          if (contentType === 'image/gif' || contentType === '') expect(type).toBeUndefined();
        },
      ),
    );
    expect(photoType({ data: JPEG, contentType: 'image/png' })).toBeUndefined();
    expect(photoType({ data: PNG, contentType: 'image/png; charset=binary' })).toBe('png');
  });

  it('reopens the photo folder with what it held and ignores files not named by the app', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'zhangsan');
    await answer(s, cookie, [await uploadFromPage(s.emu, DEMO_WECOM.corpId, dataUrl(JPEG))]);
    const again = openPhotoStore(`${s.config.dbPath}.photos`);
    expect(again.size.files).toBe(1);
    expect(again.read('../survey.db')).toBeUndefined();
  });
});
