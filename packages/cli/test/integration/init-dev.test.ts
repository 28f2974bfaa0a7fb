import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { authorizeAs, freePort } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { BIN, devArgs, until, wxkit } from './support.js';

const CORE = pathToFileURL(join(import.meta.dirname, '../../../core/dist/index.js')).href;

/** A tiny WeCom app: / redirects to the authorize page, /wx/callback exchanges the code and names the member. */
const APP = `
import { createServer } from 'node:http';
const { createWeCom } = await import(${JSON.stringify(CORE)});
const wecom = createWeCom({ corpId: 'ww0123456789abcdef', corpSecret: 'local-emulator-secret', agentId: 1000002 });
const port = Number(process.env.PORT);
createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost:' + port);
  try {
    if (url.pathname === '/wx/callback') {
      const who = await wecom.oauth.exchangeCode(url.searchParams.get('code'));
      return res.end('hello ' + who.userid);
    }
    const to = wecom.oauth.authorizeUrl({ redirectUri: 'http://localhost:' + port + '/wx/callback', state: 's1' });
    res.writeHead(302, { location: to }).end();
  } catch (error) {
    res.writeHead(500).end(String(error.message));
  }
}).listen(port);
`;

describe('init → dev → a login, in a fresh folder', () => {
  it('logs a member in through the emulator with the seed init wrote, on the app port dev was given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-fresh-'));
    expect((await wxkit(['init'], dir).exited).code).toBe(0);
    await writeFile(join(dir, 'app.mjs'), APP);
    const [emulatorPort, appPort] = await Promise.all([freePort(), freePort()]);
    // Not 3000: the seed trusts localhost:3000, dev must move it to the app's port or the login ends in 50001.
    const dev = wxkit(devArgs(emulatorPort, appPort, 'node app.mjs', '--json'), dir);
    try {
      const started = await until(async () => {
        const line = dev.result.out.split('\n').find((l) => l.startsWith('{'));
        return line ? (JSON.parse(line) as { seed: string; moved: string[]; host: string }) : undefined;
      }, 'dev to start');
      expect(started.seed).toBe(join(dir, 'wxkit.seed.yaml'));
      expect(started.moved).toEqual([`localhost:3000 → localhost:${appPort}`]);
      const authorize = await until(async () => {
        const r = await fetch(`http://127.0.0.1:${appPort}/`, { redirect: 'manual' });
        return r.headers.get('location') ?? undefined;
      }, 'the app');
      expect(authorize.startsWith(`http://127.0.0.1:${emulatorPort}/connect/oauth2/authorize?`)).toBe(true);
      const manual = (url: string, init?: RequestInit) => fetch(url, { ...init, redirect: 'manual' });
      const callback = (await authorizeAs(manual, authorize, 'zhangsan')).back.href;
      expect(callback).toMatch(new RegExp(`^http://localhost:${appPort}/wx/callback\\?code=`));
      expect(await (await fetch(callback)).text()).toBe('hello zhangsan');

      // The config-based commands read the same config and seed: doctor passes against this emulator.
      const doctor = spawn(process.execPath, [BIN, 'doctor', '--json'], {
        cwd: dir,
        env: {
          ...process.env,
          WECOM_SECRET: 'local-emulator-secret',
          WXKIT_EMULATOR_HOST: `127.0.0.1:${emulatorPort}`,
        },
      });
      let report = '';
      doctor.stdout.on('data', (d) => {
        report += String(d);
      });
      const code = await new Promise((resolve) => doctor.once('exit', resolve));
      // The seed moved to the app's port while the config still says 3000: doctor names exactly that.
      expect(code).toBe(1);
      const parsed = JSON.parse(report) as { checks: { name: string; status: string }[] };
      expect(parsed.checks.find((c) => c.name === 'credentials and IP allow-list')?.status).toBe('ok');
      expect(parsed.checks.find((c) => c.name === 'redirect domain')?.status).toBe('problem');
    } finally {
      dev.child.kill('SIGTERM');
      await dev.exited;
    }
    expect(dev.result.code).toBe(0);
  }, 60_000);

  it('wxkit emulator serves the seed named in the config init wrote, so its next line works (no 40001)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-fresh-'));
    expect((await wxkit(['init'], dir).exited).code).toBe(0);
    const port = await freePort();
    const emulator = wxkit(['emulator', '--port', String(port), '--json'], dir);
    try {
      const line = await until(
        async () => emulator.result.out.split('\n').find((l) => l.startsWith('{')),
        'the emulator',
      );
      expect(JSON.parse(line)).toMatchObject({ ok: true, seed: join(dir, 'wxkit.seed.yaml') });
      const token = await fetch(
        `http://127.0.0.1:${port}/cgi-bin/gettoken?corpid=ww0123456789abcdef&corpsecret=local-emulator-secret`,
      ).then((r) => r.json());
      expect(token).toMatchObject({ errcode: 0 });
    } finally {
      emulator.child.kill('SIGTERM');
      await emulator.exited;
    }
    expect(emulator.result.code).toBe(0);
  }, 30_000);

  it('fails (exit 1, no stack trace) when the app dies, so `npm start` fails too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-fresh-'));
    const [emulatorPort, appPort] = await Promise.all([freePort(), freePort()]);
    const run = await wxkit(devArgs(emulatorPort, appPort, 'node -e "process.exit(3)"'), dir).exited;
    expect(run.code).toBe(1);
    expect(run.err).toContain('the app exited with code 3');
    expect(run.err).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('says which port is busy and how to pick another, for the emulator port and the app port', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-fresh-'));
    const busy = createServer().listen(0);
    await new Promise((r) => busy.once('listening', r));
    const taken = (busy.address() as { port: number }).port;
    try {
      const free = await freePort();
      const emulatorBusy = await wxkit(['dev', '--port', String(taken), '--app-port', String(free)], dir)
        .exited;
      expect(emulatorBusy.code).toBe(1);
      expect(emulatorBusy.err).toContain(`port ${taken} (the emulator) is already in use`);
      expect(emulatorBusy.err).toContain('--port');
      expect(emulatorBusy.err).not.toMatch(/\n\s+at /);
      const appBusy = await wxkit(devArgs(free, taken, 'node -e ""', '--json'), dir).exited;
      expect(appBusy.code).toBe(1);
      expect(appBusy.err).toContain(`port ${taken} (the app) is already in use`);
      expect(JSON.parse(appBusy.out)).toMatchObject({ ok: false, exitCode: 1 });
      const emulatorOnly = await wxkit(['emulator', '--port', String(taken), '--json'], dir).exited;
      expect(emulatorOnly.code).toBe(1);
      expect(JSON.parse(emulatorOnly.out)).toMatchObject({ ok: false, exitCode: 1 });
    } finally {
      busy.close();
    }
  }, 30_000);
});
