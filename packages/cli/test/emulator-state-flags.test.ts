import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { capture } from './helpers.js';

describe('wxkit emulator --import / --export-on-exit', () => {
  it('lists both flags in its help', async () => {
    const c = capture();
    await run(['emulator', '--help'], c.io).catch(() => undefined);
    const help = c.out.join('\n') + c.err.join('\n');
    expect(help).toContain('--import <dir>');
    expect(help).toContain('--export-on-exit <dir>');
  });

  it('exits 2 with the fix when the --import folder holds no state', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-import-'));
    const c = capture();
    const code = await run(['emulator', '--port', '0', '--import', dir], c.io);
    expect(code).toBe(2);
    expect(c.err.join('\n')).toMatch(/--export-on-exit/);
  });
});
