import { TINY_JPEG } from '@wxkit/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MEDIA_LIFETIME_MS } from '../src/wecom/media/formats.js';
import { MEDIA_CAPS, MediaStore } from '../src/wecom/media/store.js';
import { byteRange } from '../src/wecom/media/transfer.js';
import { CORP, emulator, get, OA, post, weComToken } from './helpers.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);

type Emu = Awaited<ReturnType<typeof emulator>>;

async function upload(
  emu: Emu,
  token: string,
  type: string,
  bytes: Uint8Array | undefined,
  name = 'a.jpg',
  ct = 'image/jpeg',
) {
  const form = new FormData();
  if (bytes) form.append('media', new Blob([bytes as BlobPart], { type: ct }), name);
  else form.append('other', 'x');
  const response = await emu.fetch(`/cgi-bin/media/upload?access_token=${token}&type=${type}`, {
    method: 'POST',
    body: form,
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('WeCom media/upload and media/get (doc 90253, 90254)', () => {
  it('serves back the uploaded bytes with their content-type and (UTF-8) file name', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const up = await upload(emu, token, 'image', PNG, '问卷照片.png', 'image/png');
    expect(up).toMatchObject({ errcode: 0, type: 'image' });
    expect(String(up['created_at'])).toBe(String(1_700_000_000));
    const response = await emu.fetch(`/cgi-bin/media/get?access_token=${token}&media_id=${up['media_id']}`);
    expect(response.headers.get('content-type')).toBe('image/png');
    // One filename="…" as in the doc's sample (no filename*), the name's UTF-8 bytes inside.
    const header = response.headers.get('content-disposition') ?? '';
    expect(header.match(/filename/g)).toHaveLength(1);
    expect(Buffer.from(header, 'latin1').toString('utf8')).toBe('attachment; filename="问卷照片.png"');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG);
  });

  it('answers the stored format as Content-Type, not the type the uploader declared (a JPEG sent as octet-stream)', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const up = await upload(emu, token, 'image', TINY_JPEG, 'a.jpg', 'application/octet-stream');
    const response = await emu.fetch(`/cgi-bin/media/get?access_token=${token}&media_id=${up['media_id']}`);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    const doc = await upload(
      emu,
      token,
      'file',
      new TextEncoder().encode('plain words'),
      'a.txt',
      'text/plain',
    );
    const file = await emu.fetch(`/cgi-bin/media/get?access_token=${token}&media_id=${doc['media_id']}`);
    expect(file.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('forgets a media_id after 3 days: media/get answers 40007', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const up = await upload(emu, token, 'image', TINY_JPEG);
    emu.advance(MEDIA_LIFETIME_MS / 1000 - 60);
    const fresh = await weComToken(emu);
    const alive = await emu.fetch(`/cgi-bin/media/get?access_token=${fresh}&media_id=${up['media_id']}`);
    expect(alive.headers.get('content-type')).toBe('image/jpeg');
    emu.advance(120);
    const later = await weComToken(emu);
    expect(
      await get(emu, `/cgi-bin/media/get?access_token=${later}&media_id=${up['media_id']}`),
    ).toMatchObject({
      errcode: 40007,
    });
  });

  it("refuses another owner's media (a picture the OA's page uploaded) with 40007, and a missing id with 41006", async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const dataUrl = `data:image/jpeg;base64,${Buffer.from(TINY_JPEG).toString('base64')}`;
    const page = await post(emu, '/_emulator/jssdk/media', {
      action: 'upload',
      appId: OA,
      dataUrl,
      localId: 'x',
    });
    expect(page['ok']).toBe(true);
    expect(
      await get(emu, `/cgi-bin/media/get?access_token=${token}&media_id=${page['serverId']}`),
    ).toMatchObject({
      errcode: 40007,
    });
    expect(await get(emu, `/cgi-bin/media/get?access_token=${token}`)).toMatchObject({ errcode: 41006 });
  });

  it("stores the WeCom page's uploadImage picture as a media_id the corp's server can fetch", async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const dataUrl = `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`;
    const page = await post(emu, '/_emulator/jssdk/media', {
      action: 'upload',
      appId: CORP,
      dataUrl,
      localId: 'l1',
    });
    const response = await emu.fetch(`/cgi-bin/media/get?access_token=${token}&media_id=${page['serverId']}`);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG);
    const back = await post(emu, '/_emulator/jssdk/media', {
      action: 'download',
      appId: CORP,
      serverId: page['serverId'],
    });
    expect(back).toMatchObject({
      ok: true,
      contentType: 'image/png',
      data: Buffer.from(PNG).toString('base64'),
    });
  });

  it('refuses a page picture that is not a TINY_JPEG/PNG data URL', async () => {
    const emu = await emulator();
    const gif = `data:image/gif;base64,${Buffer.from('GIF89a......').toString('base64')}`;
    const fake = `data:image/jpeg;base64,${Buffer.from('not a jpeg at all').toString('base64')}`;
    for (const dataUrl of [gif, fake, 'javascript:alert(1)'])
      expect(
        await post(emu, '/_emulator/jssdk/media', { action: 'upload', appId: CORP, dataUrl }),
      ).toMatchObject({
        ok: false,
      });
  });

  it('answers 40004 for an unknown type, 41005 without a media part, 40006 for 5 bytes or over the limit, 40005 for a non-JPG/PNG image', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    expect(await upload(emu, token, 'thumb', TINY_JPEG)).toMatchObject({ errcode: 40004 });
    expect(await upload(emu, token, 'image', undefined)).toMatchObject({ errcode: 41005 });
    expect(await upload(emu, token, 'file', new Uint8Array(5), 'a.txt')).toMatchObject({ errcode: 40006 });
    expect(await upload(emu, token, 'file', new Uint8Array(6), 'a.txt')).toMatchObject({ errcode: 0 });
    const voice = new Uint8Array(2 * 1024 * 1024 + 1);
    voice.set(Buffer.from('#!AMR\n'));
    expect(await upload(emu, token, 'voice', voice, 'v.amr')).toMatchObject({ errcode: 40006 });
    expect(await upload(emu, token, 'voice', voice.subarray(0, 2 * 1024 * 1024), 'v.amr')).toMatchObject({
      errcode: 0,
    });
    expect(await upload(emu, token, 'image', Buffer.from('GIF89a-----'), 'a.gif')).toMatchObject({
      errcode: 40005,
    });
    expect(await upload(emu, token, 'video', TINY_JPEG, 'a.mp4')).toMatchObject({ errcode: 40005 });
  });

  it('serves a byte range (206) and refuses one past the end (416)', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const up = await upload(emu, token, 'image', TINY_JPEG);
    const url = `/cgi-bin/media/get?access_token=${token}&media_id=${up['media_id']}`;
    const part = await emu.fetch(url, { headers: { range: 'bytes=2-5' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2-5/${TINY_JPEG.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(TINY_JPEG.subarray(2, 6));
    expect((await emu.fetch(url, { headers: { range: 'bytes=99-' } })).status).toBe(416);
  });
});

describe('the media store stays bounded', () => {
  const entry = (data: Uint8Array) => ({
    platform: 'wecom' as const,
    owner: CORP,
    type: 'file',
    filename: 'f',
    contentType: 'application/octet-stream',
    data,
    source: 'upload' as const,
  });

  it(`keeps at most ${MEDIA_CAPS.files} files, dropping the oldest`, () => {
    const store = new MediaStore(() => 0);
    const first = store.add(entry(new Uint8Array(6)));
    for (let i = 0; i < MEDIA_CAPS.files; i++) store.add(entry(new Uint8Array(6)));
    expect(store.usage.files).toBe(MEDIA_CAPS.files);
    expect(store.get('wecom', CORP, first.mediaId)).toBeUndefined();
  });

  it(`keeps at most ${MEDIA_CAPS.bytes} bytes, dropping the oldest`, () => {
    const store = new MediaStore(() => 0);
    const big = new Uint8Array(20 * 1024 * 1024);
    const first = store.add(entry(big));
    for (let i = 0; i < 3; i++) store.add(entry(big));
    expect(store.usage.bytes).toBeLessThanOrEqual(MEDIA_CAPS.bytes);
    expect(store.get('wecom', CORP, first.mediaId)).toBeUndefined();
  });

  it('parses any Range header into a range inside the file, or none', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.tuple(fc.nat(200), fc.nat(200)).map(([a, b]) => `bytes=${a}-${b}`),
        ),
        fc.integer({ min: 1, max: 100 }),
        (header, length) => {
          const range = byteRange(header, length);
          if (range === undefined || range === 'unsatisfiable') return;
          expect(range[0]).toBeGreaterThanOrEqual(0);
          expect(range[0]).toBeLessThanOrEqual(range[1]);
          expect(range[1]).toBeLessThan(length);
        },
      ),
    );
  });
});

describe('message/send with markdown, image and file', () => {
  const send = (emu: Emu, token: string, msgtype: string, payload: unknown) =>
    post(emu, `/cgi-bin/message/send?access_token=${token}`, {
      touser: 'zhangsan',
      agentid: 1000002,
      msgtype,
      [msgtype]: payload,
    });

  it('delivers an image or file message only for a live media_id of the corp (40007 otherwise, 41006 without one)', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const up = await upload(emu, token, 'image', TINY_JPEG);
    expect(await send(emu, token, 'image', { media_id: up['media_id'] })).toMatchObject({ errcode: 0 });
    expect(await send(emu, token, 'file', { media_id: 'not-a-media-id' })).toMatchObject({ errcode: 40007 });
    expect(await send(emu, token, 'image', {})).toMatchObject({ errcode: 41006 });
    emu.advance(MEDIA_LIFETIME_MS / 1000 + 1);
    const later = await weComToken(emu);
    expect(await send(emu, later, 'image', { media_id: up['media_id'] })).toMatchObject({ errcode: 40007 });
  });

  it('delivers markdown into the inbox and refuses empty content with 44004', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    expect(await send(emu, token, 'markdown', { content: '**问卷** 已发布' })).toMatchObject({ errcode: 0 });
    expect(await send(emu, token, 'markdown', { content: '' })).toMatchObject({ errcode: 44004 });
    const inbox = (await get(emu, '/_emulator/inbox'))['messages'] as { body: Record<string, unknown> }[];
    expect(inbox.at(-1)?.body['markdown']).toEqual({ content: '**问卷** 已发布' });
  });
});

describe('the console shows media and every delivered message type', () => {
  it('renders image, file and markdown messages and the stored media without failing', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const up = await upload(emu, token, 'image', TINY_JPEG, '<b>x</b>.jpg');
    for (const [msgtype, payload] of [
      ['image', { media_id: up['media_id'] }],
      ['file', { media_id: up['media_id'] }],
      ['markdown', { content: '<script>alert(1)</script>' }],
    ] as const)
      await post(emu, `/cgi-bin/message/send?access_token=${token}`, {
        touser: 'zhangsan',
        agentid: 1000002,
        msgtype,
        [msgtype]: payload,
      });
    const page = await emu.fetch('/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`/_emulator/media/${encodeURIComponent(String(up['media_id']))}`);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<b>x</b>');
    const file = await emu.fetch(`/_emulator/media/${up['media_id']}`);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(TINY_JPEG);
  });
});
