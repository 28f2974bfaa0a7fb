import { randomBytes } from 'node:crypto';
import { MEDIA_LIFETIME_MS } from '@wxkit/core/rules';
import type { Kept } from '../../store/store.js';
import { defineState, type Platform } from '../../world.js';

/** What the emulator keeps at most: media past either cap go oldest first (README "Bounds"). */
export const MEDIA_CAPS = { files: 500, bytes: 64 * 1024 * 1024 } as const;

export interface StoredMedia {
  mediaId: string;
  platform: Platform;
  /** corpId (WeCom: shared by the corp's apps) or the OA's appId. */
  owner: string;
  type: string;
  filename: string;
  contentType: string;
  data: Uint8Array;
  createdAt: number;
  expiresAt: number;
  /** `upload` (media/upload) or `page` (the JS-SDK's uploadImage). */
  source: 'upload' | 'page';
}

/** Media with a lifetime and two caps (count and bytes); one per world, so a reset forgets them. */
export class MediaStore implements Kept {
  private files = new Map<string, StoredMedia>();
  private bytes = 0;
  constructor(private readonly now: () => number) {}

  add(entry: Omit<StoredMedia, 'mediaId' | 'createdAt' | 'expiresAt'>): StoredMedia {
    // The platform's media_ids are 40-60 URL-safe characters; ours are recognisably the emulator's.
    const mediaId = `3emu${randomBytes(30).toString('base64url')}`;
    const now = this.now();
    const stored = { ...entry, mediaId, createdAt: now, expiresAt: now + MEDIA_LIFETIME_MS };
    this.files.set(mediaId, stored);
    this.bytes += stored.data.byteLength;
    this.sweep();
    return stored;
  }

  /** The live media for this platform and owner; undefined when unknown, expired or someone else's. */
  get(platform: Platform, owner: string, mediaId: string): StoredMedia | undefined {
    const stored = this.files.get(mediaId);
    if (!stored || stored.platform !== platform || stored.owner !== owner) return undefined;
    if (stored.expiresAt <= this.now()) {
      this.remove(mediaId);
      return undefined;
    }
    return stored;
  }

  list(): StoredMedia[] {
    this.sweep();
    return [...this.files.values()];
  }

  get usage(): { files: number; bytes: number } {
    return { files: this.files.size, bytes: this.bytes };
  }

  get size(): number {
    return this.files.size;
  }

  /** The files with their bytes as base64, oldest first. */
  save(): unknown {
    return [...this.files.values()].map((m) => ({ ...m, data: Buffer.from(m.data).toString('base64') }));
  }

  load(saved: unknown): void {
    if (!Array.isArray(saved)) return;
    for (const m of saved as (Omit<StoredMedia, 'data'> & { data: string })[]) {
      const data = new Uint8Array(Buffer.from(String(m.data), 'base64'));
      this.files.set(m.mediaId, { ...m, data });
      this.bytes += data.byteLength;
    }
    this.sweep();
  }

  prune(): void {
    this.sweep();
  }

  private remove(mediaId: string): void {
    const stored = this.files.get(mediaId);
    if (!stored) return;
    this.files.delete(mediaId);
    this.bytes -= stored.data.byteLength;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, stored] of this.files) if (stored.expiresAt <= now) this.remove(id);
    // Map keeps insertion order: the first key is the oldest upload.
    while (this.files.size > MEDIA_CAPS.files || this.bytes > MEDIA_CAPS.bytes) {
      const oldest = this.files.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
  }
}

/** The media of a world: uploads (media/upload, the JS-SDK's uploadImage) for both platforms. */
export const mediaState = defineState('media', (store, world) =>
  store.keep('media', new MediaStore(() => world.now())),
);
export const mediaStore = mediaState.of;
