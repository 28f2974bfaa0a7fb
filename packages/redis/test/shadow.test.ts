import { describe, expect, it } from 'vitest';
import { createShadow } from '../src/shadow.js';

describe('the in-process shadow copy', () => {
  it('keeps at most `max` entries, dropping the least recently used first', () => {
    const shadow = createShadow({ max: 3, clock: () => 0 });
    shadow.set('a', '1', 1000);
    shadow.set('b', '2', 1000);
    shadow.set('c', '3', 1000);
    expect(shadow.get('a')).toBe('1');
    shadow.set('d', '4', 1000);
    expect(shadow.size).toBe(3);
    expect(shadow.get('b')).toBeUndefined();
    expect(shadow.get('a')).toBe('1');
  });

  it('sweeps expired entries nobody reads again, so memory returns when their TTLs pass', () => {
    let now = 0;
    const shadow = createShadow({ max: 100, clock: () => now });
    for (let i = 0; i < 99; i++) shadow.set(`login:${i}`, 'x', 10);
    now = 11;
    shadow.set('fresh', 'y', 1000);
    expect(shadow.size).toBe(1);
    expect(shadow.get('fresh')).toBe('y');
  });

  it('never serves an expired value', () => {
    let now = 0;
    const shadow = createShadow({ max: 10, clock: () => now });
    shadow.set('k', 'v', 10);
    now = 10;
    expect(shadow.get('k')).toBeUndefined();
    expect(shadow.size).toBe(0);
  });
});
