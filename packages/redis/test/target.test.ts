import { describe, expect, it } from 'vitest';
import { redisTarget } from '../src/breaker.js';

describe('the Redis the outage log names', () => {
  it('is the URL it tried, with the password replaced', () => {
    expect(redisTarget('redis://:s3cret@cache.internal:6380/2')).toBe('redis://:***@cache.internal:6380/2');
    expect(redisTarget('rediss://app:s3cret@cache:6379')).toBe('rediss://app:***@cache:6379');
    expect(redisTarget('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('is host:port of a client passed in, and never a password it cannot parse', () => {
    expect(redisTarget(undefined, { options: { host: '10.0.0.5', port: 6379 } })).toBe('10.0.0.5:6379');
    expect(redisTarget(undefined, {})).toBeUndefined();
    expect(redisTarget('not a url :pw@')).not.toContain('pw');
  });
});
