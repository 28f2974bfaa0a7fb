import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import QRCode from 'qrcode';
import { CliExit, type CliIO } from '../io.js';

export function register(program: Command, io: CliIO): void {
  program
    .command('qr')
    .description('a QR code of a link (e.g. the app entry), in the terminal or as a file')
    .argument('<url>', 'the link to encode')
    .option('--png <file>', 'write a PNG')
    .option('--svg <file>', 'write an SVG')
    .action(async (url: string, o: { png?: string; svg?: string }) => {
      if (!/^https?:\/\//.test(url))
        throw new CliExit('wxkit qr: the link must start with http:// or https://', 2);
      if (o.png) await QRCode.toFile(o.png, url, { type: 'png', margin: 2, width: 512 });
      if (o.svg) await writeFile(o.svg, await QRCode.toString(url, { type: 'svg', margin: 2 }));
      if (o.png || o.svg) return io.out(`wrote ${[o.png, o.svg].filter(Boolean).join(' and ')}`);
      io.out(await QRCode.toString(url, { type: 'terminal', small: true }));
      io.out(url);
    });
}
