import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { isWxApiError, type MediaFile } from '@wxkit/core';

/**
 * The photos of the survey's photo question: each one fetched from the platform with media/get at submit time
 * (a page's uploadImage serverId lives 3 days), checked, and kept as a file next to the answers database under a
 * name the app draws (never one from the page or the platform). Bounded by count and bytes; when full, new photos
 * are refused rather than old answers losing theirs.
 */

export interface PhotoLimits {
  /** One photo at most (bytes). WeCom takes images up to 10 MB (doc 90253); a survey photo needs far less. */
  bytes: number;
  /** Photos kept at most, and their bytes in total. */
  files: number;
  totalBytes: number;
}

export const PHOTO_LIMITS: PhotoLimits = {
  bytes: 5 * 1024 * 1024,
  files: 2000,
  totalBytes: 512 * 1024 * 1024,
};

/** What a photo's name looks like: the app's random hex and the extension of the checked type. */
export const PHOTO_NAME = /^[0-9a-f]{32}\.(?:jpg|png)$/;

const TYPES: Record<string, { ext: 'jpg' | 'png'; magic: number[] }> = {
  'image/jpeg': { ext: 'jpg', magic: [0xff, 0xd8, 0xff] },
  'image/png': { ext: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
};
const CONTENT_TYPE = { jpg: 'image/jpeg', png: 'image/png' } as const;

export class PhotoError extends Error {
  override name = 'PhotoError';
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The file's type when its declared content-type and its first bytes agree on JPEG or PNG. */
export function photoType(file: Pick<MediaFile, 'contentType' | 'data'>): 'jpg' | 'png' | undefined {
  const declared = TYPES[file.contentType.split(';')[0]?.trim().toLowerCase() ?? ''];
  if (!declared) return undefined;
  return declared.magic.every((b, i) => file.data[i] === b) ? declared.ext : undefined;
}

export interface PhotoStore {
  /** Checks one file from media/get and keeps it; the name it is kept under. */
  keep(file: MediaFile): string;
  read(name: string): { data: Uint8Array; contentType: string } | undefined;
  remove(names: Iterable<string>): void;
  readonly size: { files: number; bytes: number };
}

export function openPhotoStore(dir: string, limits: PhotoLimits = PHOTO_LIMITS): PhotoStore {
  mkdirSync(dir, { recursive: true });
  const sizes = new Map<string, number>();
  let bytes = 0;
  for (const name of readdirSync(dir)) {
    if (!PHOTO_NAME.test(name)) continue;
    const n = statSync(join(dir, name)).size;
    sizes.set(name, n);
    bytes += n;
  }
  return {
    keep(file) {
      const n = file.data.byteLength;
      if (n === 0) throw new PhotoError('not_an_image', '照片是空文件，请重新选择照片 (0 bytes)', 415);
      if (n > limits.bytes)
        throw new PhotoError(
          'photo_too_large',
          `照片须小于 ${Math.floor(limits.bytes / 1024 / 1024)} MB (got ${n} bytes)`,
          413,
        );
      const ext = photoType(file);
      if (!ext)
        throw new PhotoError(
          'not_an_image',
          `照片须为 JPEG 或 PNG (the platform served ${file.contentType.slice(0, 60)})`,
          415,
        );
      if (sizes.size + 1 > limits.files || bytes + n > limits.totalBytes)
        throw new PhotoError(
          'photo_storage_full',
          '照片存储已满，暂时无法提交照片 (the survey keeps a bounded number of photos)',
          507,
          'Raise the photo limits or archive the photos directory',
        );
      const name = `${randomBytes(16).toString('hex')}.${ext}`;
      const path = join(dir, name);
      // Written aside and renamed, so a crash never leaves half a photo under a name an answer points to.
      writeFileSync(`${path}.tmp`, file.data);
      renameSync(`${path}.tmp`, path);
      sizes.set(name, n);
      bytes += n;
      return name;
    },
    read(name) {
      if (!PHOTO_NAME.test(name) || !sizes.has(name)) return undefined;
      try {
        const data = new Uint8Array(readFileSync(join(dir, name)));
        return { data, contentType: CONTENT_TYPE[name.endsWith('.png') ? 'png' : 'jpg'] };
      } catch {
        return undefined;
      }
    },
    remove(names) {
      for (const name of names) {
        const n = sizes.get(name);
        if (n === undefined) continue;
        try {
          unlinkSync(join(dir, name));
        } catch {
          // Already gone: forget it all the same.
        }
        sizes.delete(name);
        bytes -= n;
      }
    },
    get size() {
      return { files: sizes.size, bytes };
    },
  };
}

/**
 * Fetches every serverId with the platform's media/get and keeps the photos; on any failure the ones kept so
 * far are removed again, so an answer is saved with all its photos or not at all.
 */
export async function fetchPhotos(
  store: PhotoStore,
  serverIds: readonly string[],
  get: (mediaId: string) => Promise<MediaFile>,
): Promise<string[]> {
  const kept: string[] = [];
  try {
    for (const serverId of serverIds) kept.push(store.keep(await get(serverId)));
    return kept;
  } catch (error) {
    store.remove(kept);
    if (error instanceof PhotoError) throw error;
    // 40007: unknown, or past the 3 days a page's upload lives (WeCom doc 90254; OA 临时素材 likewise 3 days).
    if (isWxApiError(error) && error.errcode === 40007)
      throw new PhotoError(
        'photo_expired',
        '照片已失效，请重新选择照片 (the serverId is unknown or older than 3 days)',
        400,
        'Choose the photo again: the page uploads it anew',
      );
    throw new PhotoError(
      'photo_fetch_failed',
      `暂时无法取回照片，请稍后再试 (${isWxApiError(error) ? `errcode ${error.errcode}` : 'the platform did not answer'})`,
      502,
    );
  }
}
