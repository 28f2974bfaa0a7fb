import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { capture } from './helpers.js';

describe('wxkit explain', () => {
  it('explains 40029 with the reload and wrong-access_token causes', async () => {
    const c = capture();
    expect(await run(['explain', '40029'], c.io)).toBe(0);
    expect(c.text()).toMatch(/40029/);
    expect(c.text()).toMatch(/reload|double 302/);
    expect(c.text()).toMatch(/access_token/);
    expect(c.text()).toMatch(/fix:/);
  });

  it('shows both platforms where a code means different things', async () => {
    const c = capture();
    await run(['explain', '50001'], c.io);
    expect(c.text()).toMatch(/\(WeCom\)/);
    expect(c.text()).toMatch(/\(Official Account\)/);
  });

  it('prints one platform as JSON with --platform and --json', async () => {
    const c = capture();
    expect(await run(['explain', '60020', '--platform', 'wecom', '--json'], c.io)).toBe(0);
    const entry = JSON.parse(c.out.join(''));
    expect(entry).toMatchObject({ errcode: 60020, platform: 'wecom' });
    expect(entry.causes.length).toBeGreaterThan(0);
  });

  it('says when a code belongs to the other platform', async () => {
    const c = capture();
    expect(await run(['explain', '40164', '--platform', 'wecom'], c.io)).toBe(0);
    expect(c.text()).toMatch(/not a WeCom code/);
    expect(c.text()).toMatch(/Official Account/);
  });

  it('explains the negative callback crypto codes', async () => {
    const c = capture();
    expect(await run(['explain', '-40001'], c.io)).toBe(0);
    expect(c.text()).toMatch(/signature/i);
  });

  it('exits 1 for an unknown code and 2 for something that is not a code', async () => {
    expect(await run(['explain', '99999999'], capture().io)).toBe(1);
    expect(await run(['explain', '4002x'], capture().io)).toBe(2);
    expect(await run(['explain', '40001', '--platform', 'mp'], capture().io)).toBe(2);
  });
});
