import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from './version.js';

/** The frameworks `wxkit init --framework` writes a runnable app for (templates/<name>/ in this package). */
export const FRAMEWORKS = ['express', 'koa', 'fastify', 'nestjs', 'nextjs'] as const;
export type Framework = (typeof FRAMEWORKS)[number];
export const isFramework = (value: unknown): value is Framework =>
  typeof value === 'string' && (FRAMEWORKS as readonly string[]).includes(value);

// From src/ (tests) and from dist/ alike: the templates folder is the package's.
const TEMPLATES = fileURLToPath(new URL('../templates/', import.meta.url));

/** templates/<framework>/template.json: the framework's dependencies and how the app starts. */
interface TemplateManifest {
  dependencies: Record<string, string>;
  /** The command that starts the app on $PORT (default `node server.js`). */
  serve?: string;
  /** False when the framework serves the page itself (Next.js): no public/ and static.js. */
  static?: boolean;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** A package name from the folder's name (lower case, npm's characters only). */
export const packageName = (dir: string) =>
  basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[-_.]+$/g, '') || 'wxkit-app';

const KIT = ['@wxkit/browser', '@wxkit/core', '@wxkit/redis', '@wxkit/server', '@wxkit/emulator', 'wxkit'];

/**
 * `--packages DIR`: the kit's packages as `file:` specs of the tarballs `npm pack` wrote there (wxkit-core-0.1.0.tgz
 * → @wxkit/core), so `npm install` works before they are on the registry. Missing ones are named.
 */
export async function tarballSpecs(dir: string, cwd: string): Promise<Record<string, string>> {
  const found = await readdir(resolve(cwd, dir)).catch(() => [] as string[]);
  const specs: Record<string, string> = {};
  for (const file of found) {
    const match = /^wxkit(?:-(browser|core|redis|server|emulator))?-\d[\w.-]*\.tgz$/.exec(file);
    if (!match) continue;
    const name = match[1] ? `@wxkit/${match[1]}` : 'wxkit';
    specs[name] = `file:${relative(cwd, resolve(cwd, dir, file)) || file}`;
  }
  const missing = KIT.filter((name) => !specs[name]);
  if (missing.length > 0)
    throw new Error(
      `no tarball for ${missing.join(', ')} in ${dir} (npm pack -w packages/<name> writes them)`,
    );
  return specs;
}

/** Every file of the app for `framework` as [path, text], with the platform and the name filled in. */
export async function appFiles(
  framework: Framework,
  platform: 'wecom' | 'oa',
  name: string,
  specs: Record<string, string> = {},
): Promise<[string, string][]> {
  const dir = join(TEMPLATES, framework);
  const manifest = JSON.parse(await readFile(join(dir, 'template.json'), 'utf8')) as TemplateManifest;
  const shared = join(TEMPLATES, 'shared');
  const fill = (text: string) => text.replaceAll('__PLATFORM__', platform).replaceAll('__NAME__', name);
  const files: [string, string][] = [];
  for (const file of await filesUnder(shared)) {
    const path = relative(shared, file);
    if (manifest.static === false && (path === 'static.js' || path.startsWith('public'))) continue;
    // npm leaves .gitignore out of a package, so it ships without the dot.
    files.push([path === 'gitignore' ? '.gitignore' : path, fill(await readFile(file, 'utf8'))]);
  }
  for (const file of await filesUnder(dir)) {
    const path = relative(dir, file);
    if (path !== 'template.json') files.push([path, fill(await readFile(file, 'utf8'))]);
  }
  const kit = (pkg: string) => specs[pkg] ?? `^${VERSION}`;
  const pkg = {
    name,
    private: true,
    type: 'module',
    engines: { node: '>=20.19' },
    scripts: {
      dev: 'wxkit dev --app "npm run serve"',
      serve: manifest.serve ?? 'node server.js',
      test: 'node --test',
    },
    dependencies: {
      '@wxkit/browser': kit('@wxkit/browser'),
      '@wxkit/core': kit('@wxkit/core'),
      '@wxkit/redis': kit('@wxkit/redis'),
      '@wxkit/server': kit('@wxkit/server'),
      ...manifest.dependencies,
    },
    devDependencies: { '@wxkit/emulator': kit('@wxkit/emulator'), wxkit: kit('wxkit') },
  };
  files.push(['package.json', `${JSON.stringify(pkg, null, 2)}\n`]);
  return files;
}
