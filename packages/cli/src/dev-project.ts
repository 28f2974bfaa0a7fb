import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Seed } from '@wxkit/emulator';
import type { ProjectIdentity } from './config.js';

/** Where `wxkit dev` keeps the emulator's state in a project, next to wxkit.config.yaml. */
export const STATE_DIR = '.wxkit';
export const STATE_FILE = 'emulator-state.json';
const SEED_PRINT = 'emulator-seed.sha256';

const fingerprint = (seed: Seed) => createHash('sha256').update(JSON.stringify(seed)).digest('hex');

/**
 * The state file for this run, or undefined outside a project. Credentials an app caches (a jsapi ticket in
 * Redis) stay valid only while the emulator that issued them keeps them, so in a project the state is kept
 * across restarts. It starts clean with --fresh, and when the seed differs from the one the state was built
 * on (the saved state carries its seed and would otherwise win over the edited file).
 */
export async function emulatorState(
  project: ProjectIdentity,
  seeds: { written: Seed; run: Seed },
  fresh: boolean,
): Promise<{ file: string | undefined; note: string }> {
  if (!project.projectDir) return { file: undefined, note: 'not kept (no wxkit.config.yaml here)' };
  const dir = join(project.projectDir, STATE_DIR);
  const file = join(dir, STATE_FILE);
  const print = fingerprint(seeds.written);
  const previous = await readFile(join(dir, SEED_PRINT), 'utf8').catch(() => '');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, '.gitignore'), '*\n');
  let note = `kept in ${join(STATE_DIR, STATE_FILE)} (--fresh starts clean)`;
  if (fresh || (previous && previous.trim() !== print)) {
    await rm(file, { force: true });
    note = fresh
      ? `started clean (--fresh); clear what your app cached (tokens, tickets in Redis) too`
      : `started clean: the seed changed since the last run; clear what your app cached (tokens, tickets in Redis) too`;
  } else await runOnSeed(file, seeds.run);
  await writeFile(join(dir, SEED_PRINT), print);
  return { file, note };
}

/**
 * The saved state is rebuilt on the seed it carries; this run's seed is the same file with the loopback domains
 * moved to this run's app port (--app-port), so it replaces the saved one.
 */
async function runOnSeed(file: string, seed: Seed): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  try {
    const state = JSON.parse(text) as { seed?: unknown };
    if (!state || typeof state !== 'object' || !state.seed) return;
    state.seed = seed;
    await writeFile(file, JSON.stringify(state));
  } catch {
    // Not a state file: the emulator says so and starts from the seed.
  }
}

/** The seed's app this project is (the config's corpId/agentId or appId; else the seed's first app). */
export function appCredentials(project: ProjectIdentity, seed: Seed): Record<string, string> {
  const corp = seed.wecom.find((c) => c.corpId === project.corpId) ?? seed.wecom[0];
  const app = corp?.apps.find((a) => a.agentId === project.agentId) ?? corp?.apps[0];
  const account = seed.officialAccounts.find((a) => a.appId === project.appId) ?? seed.officialAccounts[0];
  return {
    ...(corp && app
      ? { WECOM_CORP_ID: corp.corpId, WECOM_AGENT_ID: String(app.agentId), WECOM_SECRET: app.secret }
      : {}),
    ...(account ? { OA_APP_ID: account.appId, OA_SECRET: account.secret } : {}),
  };
}

/** A session secret for local runs, kept with the state so sessions outlive a restart (never used in production). */
export async function devSessionSecret(project: ProjectIdentity): Promise<string> {
  const { randomBytes } = await import('node:crypto');
  if (!project.projectDir) return randomBytes(24).toString('base64url');
  const file = join(project.projectDir, STATE_DIR, 'dev-session-secret');
  const saved = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (saved.length >= 32) return saved;
  const fresh = randomBytes(24).toString('base64url');
  await mkdir(join(project.projectDir, STATE_DIR), { recursive: true });
  await writeFile(file, fresh, { mode: 0o600 });
  return fresh;
}
