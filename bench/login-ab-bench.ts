/**
 * Two builds of the kit, the same warm login (login-warm.ts: stand-in requests, a stub platform), in one process
 * and in alternating rounds: the CPU per login of each and the median of their per-round difference. Separate runs
 * of the server bench move by ±15–25% on a shared VM and callgrind's counts by about 8%, so a change worth a few
 * µs per login cannot be seen there; side by side in one process, a slow spell of the machine hits both.
 *
 *   WXKIT_AB_BASE=/path/to/other/checkout npm run bench -- login-ab
 *
 * compares that checkout's build (run `npm ci && npm run build` there; `git worktree add` makes one) with this
 * one's. Without it, both sides are this build: the difference then shows what the harness can resolve (its median
 * near 0). Both sides share one set of modules then, and so V8's compiled code, so the A/A spread is a little
 * narrower than two builds': measured, quartiles about ±10 µs per round against about ±17 µs, and over 200 rounds
 * the median moves by about 2 µs.
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type KitModules, warmLogins } from './login-warm.js';
import { median } from './measure.js';
import { SMOKE, scale } from './smoke.js';

const here = resolve(fileURLToPath(import.meta.url), '../..');

/** The kit as built in the checkout at `root` (its packages' dist/, the files users import). */
async function kitAt(root: string): Promise<KitModules> {
  const at = (path: string) => import(pathToFileURL(resolve(root, path)).href);
  const [core, server, node] = await Promise.all([
    at('packages/core/dist/index.js'),
    at('packages/server/dist/index.js'),
    at('packages/server/dist/adapters/node.js'),
  ]);
  return {
    createMemoryStore: core.createMemoryStore,
    createWeCom: core.createWeCom,
    silentLogger: core.silentLogger,
    createWxServer: server.createWxServer,
    toNodeListener: node.toNodeListener,
  };
}

const cpuOf = async (fn: () => Promise<unknown>, times: number) => {
  const before = process.cpuUsage();
  for (let i = 0; i < times; i++) await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / times;
};

const baseRoot = process.env['WXKIT_AB_BASE'];
const base = await warmLogins(undefined, await kitAt(baseRoot ?? here));
const mine = await warmLogins(undefined, await kitAt(here));
// Both past V8's optimising tier before the first measured round (see server-login.ts).
for (const side of [base, mine]) await cpuOf(side.login, scale(3000, 5));
const rounds = scale(200, 2);
const each = scale(200, 5);
const figures = { base: [] as number[], mine: [] as number[], difference: [] as number[] };
for (let round = 0; round < rounds; round++) {
  // Which side goes first alternates, so neither always runs on the heap the other left.
  const first = round % 2 === 0 ? base : mine;
  const [a, b] = [await cpuOf(first.login, each), await cpuOf((first === base ? mine : base).login, each)];
  const [onBase, onMine] = first === base ? [a, b] : [b, a];
  figures.base.push(onBase);
  figures.mine.push(onMine);
  figures.difference.push(onMine - onBase);
}
const sorted = [...figures.difference].sort((x, y) => x - y);
const quartile = (q: number) => (sorted[Math.floor(q * (sorted.length - 1))] ?? 0).toFixed(1);
console.log(
  `warm login A/B (${rounds} alternating rounds of ${each} logins, kit process CPU with the stand-ins): ${baseRoot ? `base ${baseRoot}` : 'this build against itself (A/A)'} ${median(figures.base).toFixed(1)} µs, this checkout ${median(figures.mine).toFixed(1)} µs; difference per round, median ${median(figures.difference).toFixed(1)} µs (quartiles ${quartile(0.25)} to ${quartile(0.75)})${SMOKE ? ' [smoke: meaningless]' : ''}`,
);
