import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every bench in smoke mode (tiny counts): a bench that no longer runs fails here, not the next time someone
// wants a figure. Only that it exits 0 and prints figures is checked, never what they are.
const bench = dirname(fileURLToPath(import.meta.url));
const scripts = readdirSync(bench)
  .filter((name) => /-(bench|size)\.ts$/.test(name))
  .sort();

function run(script: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--conditions=@wxkit/source', '--import', 'tsx', join(bench, script)],
      { env: { ...process.env, WXKIT_BENCH_SMOKE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += String(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += String(chunk);
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('the benches in smoke mode', () => {
  it('finds the benches', () => {
    expect(scripts).toContain('server-bench.ts');
  });
  it.concurrent.each(scripts)(
    '%s runs to the end and prints its figures',
    { timeout: 120_000 },
    async (script) => {
      const { code, out } = await run(script);
      expect(code, out).toBe(0);
      expect(out).toMatch(/\d/);
    },
  );
});
