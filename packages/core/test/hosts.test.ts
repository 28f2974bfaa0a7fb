import { describe, expect, it } from 'vitest';
import { resolveHosts } from '../src/index.js';

describe('hosts', () => {
  it('lets an explicit host win over WXKIT_EMULATOR_HOST', () => {
    const hosts = resolveHosts(
      { qyapi: 'https://proxy.example.com' },
      { WXKIT_EMULATOR_HOST: '127.0.0.1:4100' },
    );
    expect(hosts.qyapi).toBe('https://proxy.example.com');
    expect(hosts.open).toBe('http://127.0.0.1:4100');
  });

  it('refuses a malformed WXKIT_EMULATOR_HOST and a host with a path', () => {
    expect(() => resolveHosts({}, { WXKIT_EMULATOR_HOST: 'http://x:1/' })).toThrow(/host:port/);
    expect(() => resolveHosts({ api: 'https://a.com/x' }, {})).toThrow(/no path/);
  });
});
