import { MEDIA_LIFETIME_MS, MEDIA_MIN_BYTES, WECOM_MEDIA_LIMITS } from '@wxkit/core/rules';

// The platform's upload limits and media life are core's facts (core/src/wecom/media.ts, with their sources).
export const MEDIA_LIMITS: Readonly<Record<string, number>> = WECOM_MEDIA_LIMITS;
export { MEDIA_LIFETIME_MS, MEDIA_MIN_BYTES };

/** Whether the bytes are in a format the type takes (doc 90253: image JPG/PNG, voice AMR, video MP4). */
export function formatOk(type: string, data: Uint8Array): boolean {
  const starts = (...bytes: number[]) => bytes.every((b, i) => data[i] === b);
  if (type === 'image')
    return starts(0xff, 0xd8, 0xff) || starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  if (type === 'voice') return Buffer.from(data.subarray(0, 6)).toString('latin1') === '#!AMR\n';
  if (type === 'video') return Buffer.from(data.subarray(4, 8)).toString('latin1') === 'ftyp';
  return true;
}

/**
 * The type media/get answers: the stored format's (doc sample `Content-Type: image/jpeg`), not what the uploader
 * declared; a file of no known format keeps the declared type.
 */
export function storedType(data: Uint8Array, declared: string): string {
  const starts = (...bytes: number[]) => bytes.every((b, i) => data[i] === b);
  const text = (from: number, to: number) => Buffer.from(data.subarray(from, to)).toString('latin1');
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (text(0, 4) === 'GIF8') return 'image/gif';
  if (text(0, 6) === '#!AMR\n') return 'audio/amr';
  if (text(4, 8) === 'ftyp') return 'video/mp4';
  if (text(0, 3) === 'ID3') return 'audio/mpeg';
  return declared || 'application/octet-stream';
}

/** The formats each type takes, for the 40005 note. */
export const FORMAT_NAMES: Record<string, string> = {
  image: 'JPG or PNG',
  voice: 'AMR',
  video: 'MP4',
  thumb: 'JPG',
};
