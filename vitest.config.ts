import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

/** Maps every workspace package's exports to its TypeScript source, so tests never need a build. */
function sourceAliases(): { find: string; replacement: string }[] {
  const aliases: { find: string; replacement: string }[] = [];
  for (const group of ['packages', 'examples']) {
    for (const dir of readdirSync(join(root, group))) {
      const manifest = JSON.parse(readFileSync(join(root, group, dir, 'package.json'), 'utf8')) as {
        name: string;
        exports?: Record<string, { '@wxkit/source'?: string }>;
      };
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
        const source = target['@wxkit/source'];
        if (!source) continue;
        aliases.push({
          find: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
          replacement: join(root, group, dir, source),
        });
      }
    }
  }
  aliases.push({ find: '@wxkit/test-support', replacement: join(root, 'test-support', 'index.ts') });
  // Longest first, so '@wxkit/server/node' wins over '@wxkit/server'.
  return aliases.sort((a, b) => b.find.length - a.find.length);
}

export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'e2e/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
