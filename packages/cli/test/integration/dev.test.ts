import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/wxkit.js');

describe('wxkit dev (what npm start runs)', () => {
  it('starts the emulator and the app with PORT and WXKIT_EMULATOR_HOST, prints where to go, and stops both on SIGTERM', async () => {
    const [emulatorPort, appPort] = await Promise.all([freePort(), freePort()]);
    const app = `node -e "require('http').createServer((q,r)=>r.end(process.env.WXKIT_EMULATOR_HOST+' '+process.env.PORT)).listen(${appPort})"`;
    const child = spawn(
      process.execPath,
      [BIN, 'dev', '--port', String(emulatorPort), '--app-port', String(appPort), '--app', app],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => {
      output += String(d);
    });
    try {
      let answer = '';
      for (let i = 0; i < 100 && !answer; i++) {
        await new Promise((r) => setTimeout(r, 100));
        answer = await fetch(`http://127.0.0.1:${appPort}/`).then(
          (r) => r.text(),
          () => '',
        );
      }
      expect(answer).toBe(`127.0.0.1:${emulatorPort} ${appPort}`);
      expect((await fetch(`http://127.0.0.1:${emulatorPort}/_emulator/stats`)).status).toBe(200);
      expect(output).toContain(`http://127.0.0.1:${emulatorPort}`);
      expect(output).toContain(`http://localhost:${appPort}/`);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await new Promise((r) => setTimeout(r, 300));
    const down = (port: number) =>
      fetch(`http://127.0.0.1:${port}/`).then(
        () => false,
        () => true,
      );
    expect(await down(emulatorPort)).toBe(true);
    expect(await down(appPort)).toBe(true);
  }, 30_000);
});
