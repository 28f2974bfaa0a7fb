import { describe, expect, it } from 'vitest';
import { createCondition, type Logger, storeCondition } from '../src/index.js';

const recorder = () => {
  const lines: string[] = [];
  const logger: Logger = {
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
  return { lines, logger };
};

describe('createCondition', () => {
  it('logs the start, at most one summary a minute while it lasts, and the end with the count', () => {
    const { lines, logger } = recorder();
    let now = 0;
    const c = createCondition('store calls failing', { logger, clock: () => now });
    // 15 minutes at 100 occurrences a second.
    for (; now < 15 * 60_000; now += 10) c.report(`attempt at ${now}`);
    c.resolve();
    expect(lines[0]).toBe('warn store calls failing: attempt at 0');
    expect(lines.filter((l) => l.includes('still so'))).toHaveLength(14);
    expect(lines).toHaveLength(16);
    expect(lines.at(-1)).toMatch(/^warn store calls failing: over after 900 s, 90000 in all/);
  });

  it('says nothing when things work, and starts afresh after an end', () => {
    const { lines, logger } = recorder();
    const c = createCondition('platform unreachable', { logger, level: 'error', clock: () => 0 });
    c.resolve();
    expect(lines).toEqual([]);
    c.report('timeout');
    c.report('timeout');
    c.resolve();
    c.report('refused');
    expect(c.active).toBe(true);
    expect(lines).toEqual([
      'error platform unreachable: timeout',
      'warn platform unreachable: over after 0.0 s, 2 in all (latest: timeout)',
      'error platform unreachable: refused',
    ]);
  });

  it('keeps one condition per store for everything in the process that uses it', () => {
    const { lines, logger } = recorder();
    const store = {};
    storeCondition(store, { logger }).report('code memo unreadable');
    storeCondition(store, { logger }).report('could not store wecom:access_token');
    storeCondition({}, { logger }).report('another store');
    const other = recorder();
    storeCondition(store, { logger: other.logger }).report('session read failed');
    expect(lines).toEqual([
      'warn store calls failing: code memo unreadable',
      'warn store calls failing: another store',
    ]);
    // A part with another logger (a silent one, say) has its own condition: it cannot mute the others.
    expect(other.lines).toEqual(['warn store calls failing: session read failed']);
  });
});
