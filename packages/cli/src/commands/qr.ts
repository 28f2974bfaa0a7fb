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
    .option('--json', 'print { ok, url, files } (and the terminal code as text) as JSON')
    .action(async (url: string, o: { png?: string; svg?: string; json?: boolean }) => {
      if (!/^https?:\/\//.test(url))
        throw new CliExit('wxkit qr: the link must start with http:// or https://', 2);
      if (o.png) await QRCode.toFile(o.png, url, { type: 'png', margin: 2, width: 512 });
      if (o.svg) await writeFile(o.svg, await QRCode.toString(url, { type: 'svg', margin: 2 }));
      const files = [o.png, o.svg].filter((f): f is string => Boolean(f));
      if (o.json) {
        const text = files.length === 0 ? await QRCode.toString(url, { type: 'utf8' }) : undefined;
        return io.out(JSON.stringify({ ok: true, url, files, ...(text ? { text } : {}) }));
      }
      if (files.length > 0) return io.out(`wrote ${files.join(' and ')}`);
      io.out(await QRCode.toString(url, { type: 'terminal', small: true }));
      io.out(url);
    });
}
