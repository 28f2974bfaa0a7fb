import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Node's arguments for a child that runs the kit as its users do: the packages' build (tsc output in dist/), not
 * the TypeScript sources through tsx. tsx keeps function names by wrapping every function created at run time in
 * a `__name` call (an Object.defineProperty): a login creates dozens of closures, so measured from source the kit
 * paid for work the shipped code never does. The bench script itself still runs through tsx; `npm run bench` and
 * `npm test` build first.
 */
export const builtNode = (script: string | URL, ...args: string[]): string[] => [
  '--import',
  'tsx',
  // A path, a file: URL (import.meta.url) or a URL object.
  typeof script === 'string' && !script.startsWith('file:') ? script : fileURLToPath(script),
  ...args,
];

/** What a child running `script` against the build printed on stdout (rejects when it fails). */
export function runBuilt(script: string | URL, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, builtNode(script, ...args), {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += String(chunk);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${String(script)} ${args.join(' ')}: exit ${code}`)),
    );
  });
}
