import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Runs every benchmark script in this folder one after another (they share the machine, so never at once).
// `--smoke` runs each with tiny counts (see smoke.ts); other arguments pick scripts by part of their name.
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const only = args.filter((arg) => arg !== '--smoke');
const scripts = readdirSync(here)
  .filter((name) => /-(bench|size)\.ts$/.test(name))
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();

// The server benches run the kit from its build (built.ts): build first, so they never measure a stale one.
const build = spawnSync('npm', ['run', 'build'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  cwd: join(here, '..'),
});
if (build.status !== 0) {
  console.error('npm run build failed: the benches need the build');
  process.exit(1);
}

const failed: string[] = [];
for (const script of scripts) {
  process.stdout.write(`\n=== ${script}\n`);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--conditions=@wxkit/source', '--import', 'tsx', join(here, script)],
    { stdio: 'inherit', env: smoke ? { ...process.env, WXKIT_BENCH_SMOKE: '1' } : process.env },
  );
  if (result.status !== 0) failed.push(script);
}
if (failed.length > 0) console.error(`\nbenches that failed: ${failed.join(', ')}`);
process.exitCode = failed.length === 0 ? 0 : 1;
