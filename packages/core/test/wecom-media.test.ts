import { createEmulator, type Emulator } from '@wxkit/emulator';
import { TINY_JPEG } from '@wxkit/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filenameOf } from '../src/http/request.js';
import { createWeCom, isWxApiError, silentLogger, WxConfigError } from '../src/index.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await createEmulator({});
});
afterAll(async () => {
  await emu.close();
});

function client(fetchFn: typeof fetch = emu.fetch) {
  const calls: string[] = [];
  const wecom = createWeCom({
    corpId: 'ww0123456789abcdef',
    corpSecret: 'survey-secret-0123456789abcdefghijklmnopqrs',
    agentId: 1000002,
    hosts: { qyapi: 'http://emulator.local' },
    env: {},
    logger: silentLogger,
    fetch: ((input: string | URL | Request, init?: RequestInit) => {
      calls.push(new URL(String(input)).pathname);
      return fetchFn(input, init);
    }) as typeof fetch,
  });
  return { wecom, calls };
}

describe('WeCom media through core, against the emulator', () => {
  it('uploads an image and downloads the same bytes, content-type and name', async () => {
    const { wecom } = client();
    const up = await wecom.media.upload('image', {
      data: TINY_JPEG,
      filename: '照片.jpg',
      contentType: 'image/jpeg',
    });
    expect(up.type).toBe('image');
    expect(up.mediaId).toMatch(/^3emu/);
    expect(Number.isInteger(up.createdAt)).toBe(true);
    const file = await wecom.media.get(up.mediaId);
    expect(file.contentType).toBe('image/jpeg');
    expect(file.filename).toBe('照片.jpg');
    expect(file.data).toEqual(TINY_JPEG);
  });

  it('turns the JSON error of the binary endpoint into WxApiError 40007 explained by the catalog', async () => {
    const { wecom } = client();
    const error = await wecom.media.get('3emu-no-such-media').catch((e: unknown) => e);
    expect(isWxApiError(error) && error.errcode).toBe(40007);
    expect(String((error as Error).message)).toMatch(/3 days/);
  });

  it('refuses, before any call, a wrong type, 5 bytes, an oversized file and a name that would break the header', async () => {
    const { wecom, calls } = client();
    const bad = [
      () => wecom.media.upload('thumb' as 'image', { data: TINY_JPEG, filename: 'a.jpg' }),
      () => wecom.media.upload('file', { data: new Uint8Array(5), filename: 'a.txt' }),
      () => wecom.media.upload('voice', { data: new Uint8Array(2 * 1024 * 1024 + 1), filename: 'a.amr' }),
      () => wecom.media.upload('file', { data: TINY_JPEG, filename: 'a"\r\nX-Evil: 1' }),
      () => wecom.media.upload('file', { data: 'text' as unknown as Uint8Array, filename: 'a.txt' }),
      () => wecom.media.get(''),
    ];
    for (const call of bad) await expect(call()).rejects.toBeInstanceOf(WxConfigError);
    expect(calls).toEqual([]);
  });

  it('takes a Blob and 6 bytes (the smallest size the platform accepts)', async () => {
    const { wecom } = client();
    const up = await wecom.media.upload('file', { data: new Blob(['abcdef']), filename: 'six.txt' });
    expect(new TextDecoder().decode((await wecom.media.get(up.mediaId)).data)).toBe('abcdef');
  });
});

describe('media/get answers as the platforms send them', () => {
  const answering = (body: string, contentType: string) =>
    (async (input: string | URL | Request) => {
      const path = new URL(String(input)).pathname;
      if (path === '/cgi-bin/gettoken')
        return Response.json({ errcode: 0, access_token: 'T', expires_in: 7200 });
      return new Response(body, { headers: { 'content-type': contentType } });
    }) as typeof fetch;

  it('reads a text/plain JSON error (the Official Account style) as an error, not as a file', async () => {
    const { wecom } = client(answering('{"errcode":40007,"errmsg":"invalid media_id"}', 'text/plain'));
    const error = await wecom.media.get('m1').catch((e: unknown) => e);
    expect(isWxApiError(error) && error.errcode).toBe(40007);
  });

  it('keeps a stored JSON or text file that carries no errcode as a file', async () => {
    for (const [body, type] of [
      ['{"a":1}', 'application/json'],
      ['plain words', 'text/plain'],
    ] as const) {
      const { wecom } = client(answering(body, type));
      const file = await wecom.media.get('m1');
      expect(new TextDecoder().decode(file.data)).toBe(body);
      expect(file.contentType).toBe(type);
    }
  });

  it('reads any file name back from Content-Disposition (RFC 5987 and quoted forms)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (name) => {
        expect(filenameOf(`attachment; filename="x"; filename*=UTF-8''${encodeURIComponent(name)}`)).toBe(
          name,
        );
      }),
    );
    expect(filenameOf('attachment; filename="MEDIA_ID.jpg"')).toBe('MEDIA_ID.jpg');
    // A raw UTF-8 name (as the emulator sends it, one filename only) reads back as the name; Latin-1 stays.
    const raw = Buffer.from('报告.txt', 'utf8').toString('latin1');
    expect(filenameOf(`attachment; filename="${raw}"`)).toBe('报告.txt');
    expect(filenameOf('attachment; filename="caf\xe9.txt"')).toBe('caf\xe9.txt');
    expect(filenameOf(null)).toBe('');
  });
});

describe('messages.send with markdown, image and file', () => {
  it('sends an uploaded image as an image message, and refuses one without media_id before any call', async () => {
    const { wecom, calls } = client();
    const up = await wecom.media.upload('image', {
      data: TINY_JPEG,
      filename: 'a.jpg',
      contentType: 'image/jpeg',
    });
    await expect(
      wecom.messages.send({ touser: ['zhangsan'], image: { media_id: up.mediaId } }),
    ).resolves.toMatchObject({
      invaliduser: [],
    });
    const before = calls.length;
    await expect(wecom.messages.send({ touser: ['zhangsan'], file: { media_id: '' } })).rejects.toThrow(
      /media.upload/,
    );
    await expect(
      wecom.messages.send({ touser: ['zhangsan'], markdown: { content: 'x'.repeat(2049) } }),
    ).rejects.toThrow(/2048/);
    expect(calls.length).toBe(before);
    await expect(
      wecom.messages.send({ touser: ['zhangsan'], markdown: { content: '**ok**' } }),
    ).resolves.toBeDefined();
  });
});
