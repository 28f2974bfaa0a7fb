import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const PACKAGES = ['core', 'redis', 'server', 'browser', 'emulator', 'cli'];

/** `npm pack` of every published workspace package (from the built dist), into a folder outside the repo. */
export async function packAll(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wxkit-tarballs-'));
  await exec(
    'npm',
    ['pack', ...PACKAGES.flatMap((p) => ['-w', `packages/${p}`]), '--pack-destination', dir],
    {
      cwd: ROOT,
    },
  );
  const files = await readdir(dir);
  if (files.length !== PACKAGES.length) throw new Error(`npm pack wrote ${files.join(', ')}`);
  return dir;
}

/**
 * A fresh folder outside the repository with `wxkit init --framework <f> --packages <tarballs>` (the repo's built
 * CLI, the code the tarball holds), then `npm install` from the tarballs and the registry. Resolves to the folder
 * and the seconds the install took.
 */
export async function initApp(
  framework: string,
  tarballs: string,
): Promise<{ dir: string; installS: number }> {
  const dir = await mkdtemp(join(tmpdir(), `wxkit-newcomer-${framework}-`));
  const bin = join(ROOT, 'packages', 'cli', 'bin', 'wxkit.js');
  await exec(process.execPath, [bin, 'init', '--framework', framework, '--packages', tarballs], { cwd: dir });
  const started = Date.now();
  await exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    timeout: 240_000,
  });
  return { dir, installS: (Date.now() - started) / 1000 };
}

/** `npm run dev` (wxkit dev from the installed tarball) in its own process group; stop() ends all of it. */
export function startDev(dir: string, args: string[], env: Record<string, string>) {
  const child: ChildProcess = spawn('npm', ['run', 'dev', '--', ...args], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    output: () => output,
    async stop() {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {}
      await exited;
    },
  };
}

/** Resolves once `url` answers (any status), within `ms`. */
export async function answering(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
