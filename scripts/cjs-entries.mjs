#!/usr/bin/env node
// After `tsc -b`: gives every published package a CommonJS face next to its ESM build, so CommonJS consumers
// (NestJS defaults, `module: node16` + CJS, `moduleResolution: node`) resolve types and load the code.
// - dist/**/*.d.cts: the .d.ts files with relative `.js` specifiers pointing at `.cjs`, so TypeScript reads them
//   as CommonJS declarations instead of refusing an ES module (TS1479).
// - dist/<entry>.cjs for each export: `module.exports = require('./<entry>.js')`. Node >= 20.19 (our engines
//   floor) loads an ES module through require() as long as it has no top-level await, which none of ours has.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const PACKAGES = ['core', 'redis', 'server', 'browser', 'emulator', 'cli'];
const RELATIVE_JS = /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*?)\.js\2/g;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

let written = 0;
for (const name of PACKAGES) {
  const dir = join(root, 'packages', name);
  const dist = join(dir, 'dist');
  for (const file of files(dist)) {
    if (!file.endsWith('.d.ts')) continue;
    const text = readFileSync(file, 'utf8').replace(RELATIVE_JS, '$1$2$3.cjs$2');
    writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), text);
    written++;
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const [subpath, entry] of Object.entries(manifest.exports ?? {})) {
    const target = entry?.require?.default;
    if (!target) continue;
    const esm = entry.import?.default;
    if (!esm) throw new Error(`${manifest.name} ${subpath}: a require entry needs an import entry to wrap`);
    const cjs = join(dir, target);
    const from = `./${basename(esm)}`;
    if (dirname(join(dir, esm)) !== dirname(cjs))
      throw new Error(`${manifest.name} ${subpath}: keep .cjs beside .js`);
    writeFileSync(
      cjs,
      `'use strict';\n// CommonJS entry: Node >= 20.19 require()s the ES module.\nmodule.exports = require('${from}');\n`,
    );
    written++;
  }
}
console.log(`cjs-entries: wrote ${written} CommonJS declaration and entry files`);
