import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (name.endsWith('.ts')) yield path;
  }
}

describe('what the emulator builds on', () => {
  it('imports core (its contract and rules) and never the browser or server kits', () => {
    const offending = [...sources(join(root, 'src'))].filter((file) =>
      /from '@wxkit\/(browser|server)/.test(readFileSync(file, 'utf8')),
    );
    expect(offending).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(
      Object.keys(manifest.dependencies ?? {}).filter((d) => /@wxkit\/(browser|server)/.test(d)),
    ).toEqual([]);
  });
});
