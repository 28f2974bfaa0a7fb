import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// The browser kit's size as a page ships it: bundled, minified, gzipped. Budget: 3 KB min+gzip.
const result = await build({
  entryPoints: [new URL('../packages/browser/src/index.ts', import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  write: false,
});
const code = result.outputFiles[0]?.contents ?? new Uint8Array();
const gzipped = gzipSync(code, { level: 9 }).length;
console.log(
  `@wxkit/browser  min ${code.length} B  min+gzip ${gzipped} B  budget 3072 B  (${((gzipped / 3072) * 100).toFixed(0)}% of budget)`,
);
