#!/usr/bin/env node
// After `tsc -b`, the code that runs in pages, each as one ES module a page loads without a bundler:
// - @wxkit/browser's page bundle (dist/bundle/index.js), core's Node-free contract inlined, for apps that load
//   `import { createWxClient } from '/assets/wxkit-browser/index.js'` directly;
// - the survey's page script (examples/survey/page/app.ts, TypeScript, type-checked with the repo) with the
//   browser kit inlined (examples/survey/dist/page/app.js).
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const common = { bundle: true, format: 'esm', target: 'es2020', platform: 'browser', logLevel: 'warning' };
await build({
  ...common,
  entryPoints: [join(root, 'packages/browser/dist/index.js')],
  outfile: join(root, 'packages/browser/dist/bundle/index.js'),
});
await build({
  ...common,
  entryPoints: [join(root, 'examples/survey/page/app.ts')],
  outfile: join(root, 'examples/survey/dist/page/app.js'),
});
