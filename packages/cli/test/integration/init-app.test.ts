import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/wxkit.js');
// Inside the repo's node_modules, so the app finds the built workspace packages and the frameworks installed
// for the server kit's adapter tests (e2e/newcomer.test.ts does the same from packed tarballs, outside the repo).
const WORK = join(import.meta.dirname, '../../../../node_modules');

const run = (args: string[], cwd: string) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(args[0] ?? '', args.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      out += String(d);
    });
    child.once('exit', (code) => resolve({ code, out }));
  });

describe('the app wxkit init writes passes its own generated test', () => {
  for (const [framework, platform] of [
    ['express', 'wecom'],
    ['koa', 'wecom'],
    ['fastify', 'wecom'],
    ['express', 'oa'],
  ] as const) {
    it(`${framework} (${platform}): a member logs in, /api/me and the JS-SDK config (npm test in the app)`, async () => {
      const dir = await mkdtemp(join(WORK, `.wxkit-init-${framework}-`));
      try {
        const init = await run(
          [process.execPath, BIN, 'init', '--framework', framework, '--platform', platform],
          dir,
        );
        expect(init.code).toBe(0);
        const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
        expect(Object.keys(pkg.dependencies)).toContain(framework);
        const test = await run(['npm', 'test'], dir);
        expect(test.out).toMatch(/# pass 1/);
        expect(test.code).toBe(0);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }, 90_000);
  }
});
