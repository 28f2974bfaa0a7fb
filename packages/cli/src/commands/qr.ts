import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import QRCode from 'qrcode';
import { DEFAULT_CONFIG_FILE } from '../config.js';
import { CliExit, type CliIO } from '../io.js';
import { type ParametricOptions, parametricQr } from './qr-oa.js';

export function register(program: Command, io: CliIO): void {
  program
    .command('qr')
    .description(
      'a QR code of a link (e.g. the app entry), in the terminal or as a file; with --scene, a parametric QR code of the Official Account',
    )
    .argument('[url]', 'the link to encode (not with --scene)')
    .option(
      '--scene <id|str>',
      'Official Account: create a parametric QR code (qrcode/create) with this scene',
    )
    .option('--permanent', 'with --scene: a permanent code (QR_LIMIT_*) instead of a temporary one')
    .option(
      '--expire <seconds>',
      'with --scene: how long a temporary code lives (default 60, at most 2592000)',
    )
    .option('--config <file>', 'config file (with --scene)', DEFAULT_CONFIG_FILE)
    .option('--png <file>', 'write a PNG')
    .option('--svg <file>', 'write an SVG')
    .option('--json', 'print { ok, url, files } (and the terminal code as text) as JSON')
    .action(
      async (
        url: string | undefined,
        o: { png?: string; svg?: string; json?: boolean } & Partial<ParametricOptions>,
      ) => {
        if (o.scene !== undefined) {
          if (url !== undefined) throw new CliExit('wxkit qr: pass a link or --scene, not both', 2);
          return parametricQr(io, o as ParametricOptions);
        }
        if (o.permanent || o.expire !== undefined)
          throw new CliExit('wxkit qr: --permanent and --expire go with --scene', 2);
        if (!url || !/^https?:\/\//.test(url))
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
      },
    );
}
