import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, type Emulator } from '@wxkit/emulator';
import { DEMO_OA, DEMO_WECOM } from '@wxkit/test-support';
import type { CliIO } from '../src/index.js';
import { run } from '../src/index.js';

/** An io that records what a command printed, for running commands in-process. */
export function capture(env: Record<string, string> = {}, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), color: false, env, cwd };
  return { io, out, err, text: () => out.join('\n') };
}

/** A project `wxkit init` made in a fresh directory, talking to an emulator on a port (the secret in `env`). */
export interface Project {
  dir: string;
  emu: Emulator;
  env: Record<string, string>;
  /** The wxkit.config.yaml init wrote. */
  config: string;
  /** Runs a command in the project with its env; returns the exit code and what it printed. */
  wxkit(args: string[]): Promise<{ code: number; text: string; err: string }>;
  close(): Promise<void>;
}

export async function project(platform: 'wecom' | 'oa' = 'wecom'): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), `wxkit-cli-${platform}-`));
  const emu = await createEmulator({ port: 0 });
  const env =
    platform === 'wecom'
      ? { WECOM_SECRET: DEMO_WECOM.corpSecret, WXKIT_EMULATOR_HOST: emu.host }
      : { OA_SECRET: DEMO_OA.appSecret, WXKIT_EMULATOR_HOST: emu.host };
  const init = capture(env, dir);
  const code = await run(platform === 'wecom' ? ['init'] : ['init', '--platform', 'oa'], init.io);
  if (code !== 0) throw new Error(`wxkit init exited ${code}: ${init.err.join('\n')}`);
  return {
    dir,
    emu,
    env,
    config: join(dir, 'wxkit.config.yaml'),
    async wxkit(args) {
      const c = capture(env, dir);
      const exit = await run(args, c.io);
      return { code: exit, text: c.text(), err: c.err.join('\n') };
    },
    close: () => emu.close(),
  };
}
