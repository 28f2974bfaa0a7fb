import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/wxkit.js');

describe('wxkit qr URL | head', () => {
  it('ends quietly with exit 0 when the reader closes the pipe (EPIPE), without a stack trace', async () => {
    const child = spawn(process.execPath, [BIN, 'qr', 'http://localhost:3000/'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader is gone before the first line is written, as `head -0` or a closed pager would be.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 20_000);
});
