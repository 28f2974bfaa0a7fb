import { encode } from 'jpeg-js';
import QRCode from 'qrcode';

/** Pixels per module and quiet-zone modules of the served image (about the platform's 430 px for a short URL). */
const SCALE = 10;
const MARGIN = 2;

/**
 * The code's image as showqrcode serves it: a JPEG, as mp.weixin.qq.com does (audit-3 N-L9; README row Q6), so an
 * app that stores or re-serves it by its type sees the platform's format. Black modules on white. Unverified: the
 * platform's exact Content-Type header and size (image/jpeg and 10 px a module here).
 */
export function qrJpeg(url: string): Uint8Array<ArrayBuffer> {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const side = (modules.size + 2 * MARGIN) * SCALE;
  const rgba = Buffer.alloc(side * side * 4, 0xff);
  for (let row = 0; row < modules.size; row++)
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let y = 0; y < SCALE; y++) {
        const start = (((row + MARGIN) * SCALE + y) * side + (col + MARGIN) * SCALE) * 4;
        for (let x = 0; x < SCALE; x++) rgba.fill(0, start + x * 4, start + x * 4 + 3);
      }
    }
  return Uint8Array.from(encode({ data: rgba, width: side, height: side }, 90).data);
}
