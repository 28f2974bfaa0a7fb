#!/usr/bin/env node
// After `tsc -b`: @wxkit/browser as one ES module a page can load without a bundler
// (`<script type="module">import { createWxClient } from '/assets/wxkit-browser/index.js'`), with core's Node-free
// contract (`@wxkit/core/contract`) inlined. Apps that bundle import the package as usual.
import { join } from 'node:path';
import { build } from 'esbuild';

const browser = join(import.meta.dirname, '..', 'packages', 'browser');
await build({
  entryPoints: [join(browser, 'dist', 'index.js')],
  outfile: join(browser, 'dist', 'bundle', 'index.js'),
  bundle: true,
  format: 'esm',
  target: 'es2020',
  platform: 'browser',
  logLevel: 'warning',
});
