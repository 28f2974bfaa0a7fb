#!/usr/bin/env node
// Packs every published package as npm would, then checks the tarballs the way a user meets them:
//   1. publint --strict            (package.json, exports and files agree)
//   2. attw (arethetypeswrong)     (types resolve for node10, node16 CJS/ESM and bundler)
//   3. a consumer per module system (ESM nodenext, CommonJS node16, CommonJS `moduleResolution: node`, bundler)
//      that imports every entry point, type-checked by tsc against the unpacked tarballs, and the CommonJS and
//      ESM ones also run under Node.
// Prints a line per check and the time taken; exits 1 on the first package or consumer that fails.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const PACKAGES = ['core', 'redis', 'server', 'browser', 'emulator', 'cli'];
const started = Date.now();

// Inside the repo, so the consumers find third-party dependencies (ioredis, hono, …) in the root node_modules,
// while their own node_modules/@wxkit holds the unpacked tarballs, which win as the nearer copy.
const work = mkdtempSync(join(root, 'node_modules', '.wxkit-pack-'));
const failures = [];
const exec = promisify(execFile);
const run = async (label, file, args, cwd = root) => {
  try {
    await exec(file, args, { cwd, encoding: 'utf8' });
    console.log(`  ✓ ${label}`);
  } catch (error) {
    console.log(`  ✗ ${label}\n${String(error.stdout ?? '') + String(error.stderr ?? '')}`);
    failures.push(label);
  }
};

try {
  console.log('packing');
  const workspaces = PACKAGES.flatMap((name) => ['-w', `packages/${name}`]);
  const packed = JSON.parse(
    execFileSync('npm', ['pack', ...workspaces, '--json', '--pack-destination', work], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const tarballs = {};
  for (const [i, name] of PACKAGES.entries()) tarballs[name] = join(work, packed[i].filename);

  console.log('publint --strict and attw, per tarball');
  await Promise.all(
    PACKAGES.flatMap((name) => [
      run(`publint --strict ${name}`, bin('publint'), ['--strict', tarballs[name]]),
      // node10, node16 (CJS and ESM) and bundler; exit 1 on any problem.
      run(`attw ${name}`, bin('attw'), [tarballs[name], '--format', 'ascii', '--no-color']),
    ]),
  );

  console.log('consumers of the unpacked tarballs');
  const consumer = join(work, 'consumer');
  const modules = join(consumer, 'node_modules', '@wxkit');
  mkdirSync(modules, { recursive: true });
  for (const name of PACKAGES) {
    const target = join(modules, name === 'cli' ? 'cli-unused' : name);
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', tarballs[name], '-C', target, '--strip-components=1']);
  }
  const imports = `
import { createWeCom, createOfficialAccount, isWxApiError } from '@wxkit/core';
import { createRedisStore } from '@wxkit/redis';
import { createWxServer } from '@wxkit/server';
import { toNodeListener } from '@wxkit/server/node';
import { wxExpress } from '@wxkit/server/express';
import { wxFastify } from '@wxkit/server/fastify';
import { wxKoa } from '@wxkit/server/koa';
import { wxHono } from '@wxkit/server/hono';
import { createWxClient } from '@wxkit/browser';
import { createEmulator } from '@wxkit/emulator';
// A declaration that failed to resolve would type as any and pass everything: refuse that for each import.
type IsAny<T> = 0 extends 1 & T ? true : false;
type Typed<T extends readonly unknown[]> = { [K in keyof T]: IsAny<T[K]> extends true ? never : T[K] };
const used: Typed<[typeof createWeCom, typeof createOfficialAccount, typeof isWxApiError, typeof createRedisStore,
  typeof createWxServer, typeof toNodeListener, typeof wxExpress, typeof wxFastify, typeof wxKoa, typeof wxHono,
  typeof createWxClient, typeof createEmulator]> = [createWeCom, createOfficialAccount, isWxApiError, createRedisStore, createWxServer,
  toNodeListener, wxExpress, wxFastify, wxKoa, wxHono, createWxClient, createEmulator];
const client = createWeCom({ corpId: 'ww1', corpSecret: 's', agentId: 1 });
const platform: 'wecom' = client.platform;
if (used.some((f) => typeof f !== 'function') || platform !== 'wecom') throw new Error('an export is missing');
console.log('ok');
`;
  const variants = [
    {
      name: 'esm-nodenext',
      type: 'module',
      module: 'nodenext',
      resolution: 'nodenext',
      ext: 'ts',
      runs: true,
    },
    { name: 'cjs-node16', type: 'commonjs', module: 'node16', resolution: 'node16', ext: 'ts', runs: true },
    { name: 'cjs-node10', type: 'commonjs', module: 'commonjs', resolution: 'node10', ext: 'ts', runs: true },
    { name: 'esm-bundler', type: 'module', module: 'esnext', resolution: 'bundler', ext: 'ts', runs: false },
  ];
  const consumers = variants.map(async (v) => {
    const dir = join(consumer, v.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${v.name}`, type: v.type }));
    writeFileSync(join(dir, `index.${v.ext}`), imports);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: v.module,
          moduleResolution: v.resolution,
          target: 'es2022',
          lib: ['es2023', 'dom'],
          types: ['node'],
          strict: true,
          // Third-party types (@types/koa) have errors of their own; ours are held to account by IsAny below.
          skipLibCheck: true,
          outDir: 'out',
          ignoreDeprecations: '6.0',
          typeRoots: [join(root, 'node_modules', '@types')],
        },
        files: [`index.${v.ext}`],
      }),
    );
    await run(`tsc ${v.name}`, bin('tsc'), ['-p', join(dir, 'tsconfig.json')]);
    if (v.runs) await run(`node ${v.name}`, process.execPath, [join(dir, 'out', 'index.js')], dir);
  });
  await Promise.all(consumers);
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `${failures.length === 0 ? 'packages: all checks passed' : `packages: ${failures.length} check(s) failed: ${failures.join(', ')}`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exitCode = failures.length === 0 ? 0 : 1;
