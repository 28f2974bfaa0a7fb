// The page at / and the browser kit it imports (@wxkit/browser/bundle, one ES module, no bundler needed).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const browserDir = dirname(fileURLToPath(import.meta.resolve('@wxkit/browser/bundle')));

/** The page at / and the browser kit at /assets/wxkit-browser/index.js; undefined for any other path. */
export async function staticFile(pathname) {
  if (pathname === '/' || pathname === '/index.html')
    return { type: 'text/html; charset=utf-8', body: await readFile(join(here, 'public', 'index.html')) };
  if (pathname === '/assets/wxkit-browser/index.js')
    return { type: 'text/javascript; charset=utf-8', body: await readFile(join(browserDir, 'index.js')) };
  return undefined;
}
