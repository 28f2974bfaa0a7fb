import { randomBytes } from 'node:crypto';
import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { isWxStoreError, silentLogger } from '@wxkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/index.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

class MemoryReader extends MetricReader {
  protected override async onForceFlush() {}
  protected override async onShutdown() {}
}
const REDIS = new URL(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
afterAll(() => metrics.disable());

const values = async (reader: MemoryReader, name: string) => {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []).map((p) => ({ ...p.attributes, value: p.value }));
};

describe('store metrics', () => {
  it('counts store calls by outcome and reports the breaker while Redis is away', async () => {
    const reader = new MemoryReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    const proxy = await startTcpProxy({ host: REDIS.hostname, port: Number(REDIS.port || 6379) });
    const prefix = `wxkit-test:${randomBytes(6).toString('hex')}:`;
    const store = createRedisStore({ url: `redis://127.0.0.1:${proxy.port}`, prefix, logger: silentLogger });
    try {
      await store.set('k', 'v', 60_000);
      expect(await store.get('k')).toBe('v');
      expect(await values(reader, 'wxkit.store.breaker')).toEqual([{ 'wxkit.store': prefix, value: 0 }]);
      proxy.kill();
      for (let i = 0; i < 3; i++) await store.delete('k').catch((e) => expect(isWxStoreError(e)).toBe(true));
      expect(await values(reader, 'wxkit.store.breaker')).toEqual([{ 'wxkit.store': prefix, value: 1 }]);
      const calls = await values(reader, 'wxkit.store.calls');
      expect(calls).toEqual(
        expect.arrayContaining([
          { 'wxkit.store': prefix, 'wxkit.op': 'set', 'wxkit.outcome': 'ok', value: 1 },
          { 'wxkit.store': prefix, 'wxkit.op': 'get', 'wxkit.outcome': 'ok', value: 1 },
          { 'wxkit.store': prefix, 'wxkit.op': 'delete', 'wxkit.outcome': 'unreachable', value: 1 },
          { 'wxkit.store': prefix, 'wxkit.op': 'delete', 'wxkit.outcome': 'short_circuit', value: 2 },
        ]),
      );
    } finally {
      await store.close();
      await proxy.close();
    }
  });
});
