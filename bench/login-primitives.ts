/**
 * The floor under the kit's own CPU per login: the primitives a login cannot do without (AES-256-GCM seals and
 * opens, HMAC-SHA256s, one-shot hashes, and the abort signal and timer that bound each upstream call), timed apart,
 * against what the whole login costs. What lies between the two is the kit's glue: routing, checks, cookies, URLs,
 * promises, the store.
 *
 * The primitives are counted, not listed: node:crypto's cipher, HMAC and hash functions and AbortController are
 * wrapped while a few warm logins run (syncBuiltinESMExports carries the wrappers into the kit's named imports), so
 * the figure follows the kit when a seal or a MAC is added or dropped. Each is then timed in a loop of its own with
 * the sizes a login uses.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { fileURLToPath } from 'node:url';
import { warmLogins } from './login-warm.js';
import { median } from './measure.js';

type Crypto = typeof import('node:crypto');
const crypto = createRequire(import.meta.url)('node:crypto') as Crypto;

export interface Primitives {
  /** Per login: ciphers (seals), deciphers (opens), HMACs, one-shot hashes, abort signals (one per upstream call). */
  counts: { cipher: number; decipher: number; hmac: number; hash: number; signal: number };
  /** Their CPU per login when timed apart, µs. */
  us: number;
}

/** How many of each primitive one warm login uses (the mean over `logins`). */
async function countPerLogin(logins: number): Promise<Primitives['counts']> {
  const { login } = await warmLogins();
  await login();
  const counts = { cipher: 0, decipher: 0, hmac: 0, hash: 0, signal: 0 };
  const functions = {
    createCipheriv: 'cipher',
    createDecipheriv: 'decipher',
    createHmac: 'hmac',
    hash: 'hash',
  };
  const table = crypto as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = Object.fromEntries(Object.keys(functions).map((name) => [name, table[name]]));
  for (const [name, kind] of Object.entries(functions) as [string, keyof typeof counts][]) {
    const inner = originals[name] as (...args: unknown[]) => unknown;
    table[name] = (...args) => {
      counts[kind]++;
      return inner(...args);
    };
  }
  const Controller = globalThis.AbortController;
  globalThis.AbortController = class extends Controller {
    constructor() {
      super();
      counts.signal++;
    }
  };
  syncBuiltinESMExports();
  try {
    for (let i = 0; i < logins; i++) await login();
  } finally {
    Object.assign(table, originals);
    globalThis.AbortController = Controller;
    syncBuiltinESMExports();
  }
  return Object.fromEntries(
    Object.entries(counts).map(([kind, n]) => [kind, n / logins]),
  ) as Primitives['counts'];
}

/** The CPU of `counts` primitives, µs: the median of `rounds` rounds of `perRound` sets. */
function timeApart(counts: Primitives['counts'], perRound: number, rounds: number): number {
  const key = crypto.createSecretKey(crypto.randomBytes(32));
  // About the sizes of a login: a state or session of some 200 bytes of JSON, a 22-character nonce.
  const text = JSON.stringify({
    nonce: 'n'.repeat(22),
    redirect: '/survey?id=1',
    user: { userid: 'zhangsan' },
  }).padEnd(200, ' ');
  const sealed = (() => {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), body };
  })();
  // Fresh IVs from a pool, as the kit takes them (core's pooledRandomBytes), not a CSPRNG call per seal.
  const pool = crypto.randomBytes(12 * 1024);
  let next = 0;
  const iv = () => {
    next = (next + 12) % pool.length;
    return pool.subarray(next, next + 12);
  };
  let sink = 0;
  const set = (scale: number) => {
    for (let i = 0; i < Math.round(counts.cipher * scale); i++) {
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv());
      const body = cipher.update(text, 'utf8');
      cipher.final();
      sink += Buffer.concat([cipher.getAuthTag(), body]).toString('base64url').length;
    }
    for (let i = 0; i < Math.round(counts.decipher * scale); i++) {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.iv);
      decipher.setAuthTag(sealed.tag);
      sink += Buffer.concat([decipher.update(sealed.body), decipher.final()]).toString('utf8').length;
    }
    for (let i = 0; i < Math.round(counts.hmac * scale); i++)
      sink += crypto
        .createHmac('sha256', key)
        .update(`wxkit-login:${'n'.repeat(22)}`)
        .digest('base64url').length;
    for (let i = 0; i < Math.round(counts.hash * scale); i++)
      sink += crypto.hash('sha256', `wxkit:code:${'c'.repeat(32)}:${'b'.repeat(43)}`, 'base64url').length;
    for (let i = 0; i < Math.round(counts.signal * scale); i++) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 5000);
      sink += controller.signal.aborted ? 1 : 0;
      clearTimeout(timer);
    }
  };
  // Counts are means per login (2.5 MACs, say): ten logins' worth per set keeps the rounding out.
  for (let i = 0; i < perRound; i++) set(10);
  const figures: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const before = process.cpuUsage();
    for (let i = 0; i < perRound; i++) set(10);
    const used = process.cpuUsage(before);
    figures.push((used.user + used.system) / (perRound * 10));
  }
  if (sink < 0) console.error(sink);
  return median(figures);
}

export async function primitivesPerLogin(perRound: number, rounds: number): Promise<Primitives> {
  const counts = await countPerLogin(20);
  // A login seals its state and session and bounds its upstream calls: none counted means the wrappers missed the
  // kit's calls (an import the sync does not reach), and the floor would read as zero.
  if (counts.cipher === 0 || counts.hmac === 0 || counts.signal === 0)
    throw new Error(
      `login primitives: counted ${JSON.stringify(counts)}; the wrappers did not see the kit's calls`,
    );
  return { counts, us: timeApart(counts, perRound, rounds) };
}

// `login-primitives.ts PER_ROUND ROUNDS`: the figure as JSON, for the server bench's child on the build.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [perRound, rounds] = [Number(process.argv[2] ?? 300), Number(process.argv[3] ?? 9)];
  console.log(JSON.stringify(await primitivesPerLogin(perRound, rounds)));
}
