/**
 * The kit's own work per login as instructions, not seconds: valgrind's callgrind counts what the process executes,
 * the same whatever else the machine does (the timed figures of server-bench move with the VM's neighbours).
 * Quirk: it still moves by up to about 20% between runs of the same code, when a major GC or a TurboFan job lands
 * inside the window or outside it; compare two runs per side.
 *
 * Each side (a login through the kit, and through the null kit of login-warm.ts: the kit's recorded answers, the
 * same stand-in requests, body read and platform stub) runs N and 2N logins in a child under callgrind; the
 * difference over N is one warm login, start-up and the first N logins' JIT compiling left out. The kit's own
 * instructions per login are the kit's minus the null kit's. Needs valgrind (about 5 minutes on 2 cores); without
 * it, and in smoke mode, the logins run natively once so that the bench is still checked.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { builtNode } from './built.js';
import { warmLogins } from './login-warm.js';
import { SMOKE, scale } from './smoke.js';

const self = fileURLToPath(import.meta.url);
type Side = 'kit' | 'null';

async function runLogins(side: Side, count: number): Promise<void> {
  const { login, nullLogin } = await warmLogins();
  const once = side === 'kit' ? login : nullLogin;
  for (let i = 0; i < count; i++) await once();
}

/** Instructions callgrind counted for `count` logins on one side (start-up included). */
function counted(side: Side, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'valgrind',
      [
        '--tool=callgrind',
        '--callgrind-out-file=/dev/null',
        process.execPath,
        ...builtNode(self, 'run', side, String(count)),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += String(chunk);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const total = /Collected : (\d+)/.exec(err)?.[1];
      if (code !== 0 || !total)
        reject(new Error(`callgrind ${side} ${count}: exit ${code}\n${err.slice(-2000)}`));
      else resolve(Number(total));
    });
  });
}

async function measure() {
  const hasValgrind = spawnSync('valgrind', ['--version']).status === 0;
  if (SMOKE || !hasValgrind) {
    const logins = scale(200, 20);
    const started = performance.now();
    await runLogins('kit', logins);
    await runLogins('null', logins);
    console.log(
      `login instructions: ${logins} logins through the kit and the null kit ran natively in ${(performance.now() - started).toFixed(0)} ms; ${hasValgrind ? 'counts are taken outside smoke mode' : 'install valgrind for the instruction counts'}`,
    );
    return;
  }
  const n = 3000;
  // Two children at a time (one per core); each pair is the two lengths of one side.
  const [kitN, kit2N] = await Promise.all([counted('kit', n), counted('kit', 2 * n)]);
  const [nullN, null2N] = await Promise.all([counted('null', n), counted('null', 2 * n)]);
  const kit = (kit2N - kitN) / n;
  const bare = (null2N - nullN) / n;
  const k = (x: number) => `${(x / 1000).toFixed(0)}k`;
  console.log(
    `login instructions (callgrind, logins ${n} to ${2 * n}, warm): through the kit ${k(kit)}, through the null kit ${k(bare)}; the kit's own ${k(kit - bare)} instructions per login`,
  );
}

if (process.argv[2] === 'run') await runLogins(process.argv[3] as Side, Number(process.argv[4]));
else await measure();
