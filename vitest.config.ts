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

// Three lanes. unit: no Redis, no browser (`npm run test:unit` passes on a machine with neither; some suites
// still listen on a random loopback port); integration: Redis (standalone, Cluster, Sentinel), child processes,
// the benches in smoke mode: every `integration/` folder and bench/; e2e: real Chromium. `npm test` runs all three.
const INTEGRATION = [
  'packages/*/test/**/integration/**/*.test.ts',
  'examples/*/test/**/integration/**/*.test.ts',
  'bench/**/*.test.ts',
];
const E2E = ['e2e/**/*.test.ts'];

export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...INTEGRATION, ...E2E],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: INTEGRATION,
          exclude: ['**/node_modules/**'],
        },
      },
      { extends: true, test: { name: 'e2e', include: E2E } },
    ],
  },
});
