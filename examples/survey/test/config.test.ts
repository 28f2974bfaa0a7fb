import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.js';

// Against the emulator, so the demo credentials are allowed.
const EMU = { WXKIT_EMULATOR_HOST: '127.0.0.1:4100' };

describe('the survey configuration', () => {
  it('takes a Sentinel-managed Redis from REDIS_SENTINELS and REDIS_SENTINEL_NAME', () => {
    const config = loadConfig({
      ...EMU,
      REDIS_SENTINELS: '10.0.0.1:26379, 10.0.0.2:26380',
      REDIS_SENTINEL_NAME: 'survey',
      REDIS_URL: 'redis://:secret@ignored:6379/2',
    });
    expect(config.redisSentinel).toEqual({
      name: 'survey',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
      ],
    });
    expect(loadConfig({ ...EMU, REDIS_SENTINELS: 'sentinel:26379' }).redisSentinel?.name).toBe('mymaster');
    expect(loadConfig(EMU).redisSentinel).toBeUndefined();
  });

  it('names the variable when a sentinel address is not host:port', () => {
    expect(() => loadConfig({ ...EMU, REDIS_SENTINELS: '10.0.0.1' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...EMU, REDIS_SENTINELS: '10.0.0.1:99999' })).toThrow(
      /REDIS_SENTINELS .*"10.0.0.1:99999"/,
    );
  });
});
