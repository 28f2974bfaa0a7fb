import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { buildXml } from '@wxkit/core';
import { DEMO_WECOM } from '@wxkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness } from './helpers.js';

// An in-memory reader: what a Prometheus or OTLP exporter would be handed.
class MemoryReader extends MetricReader {
  protected override async onForceFlush() {}
  protected override async onShutdown() {}
}
const reader = new MemoryReader();
beforeAll(() => {
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
});
afterAll(() => metrics.disable());

/** Every data point collected so far, as `name{attr=value,…} value`. */
async function points(): Promise<Map<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const out = new Map<string, number>();
  for (const scope of resourceMetrics.scopeMetrics)
    for (const metric of scope.metrics)
      for (const point of metric.dataPoints as { attributes: Record<string, unknown>; value: unknown }[]) {
        const attrs = Object.entries(point.attributes)
          .map(([k, v]) => `${k}=${String(v)}`)
          .sort()
          .join(',');
        const value = point.value as number | { count: number };
        out.set(`${metric.descriptor.name}{${attrs}}`, typeof value === 'number' ? value : value.count);
      }
  return out;
}
const find = (all: Map<string, number>, name: string, ...attrs: string[]) =>
  [...all].filter(([key]) => key.startsWith(`${name}{`) && attrs.every((a) => key.includes(a)));

describe('metrics through OpenTelemetry', () => {
  it('a login, a JS-SDK config and a callback produce the documented metrics', async () => {
    const h = await harness();
    const { response } = await h.loginVia('spa', 'zhangsan');
    expect(response.status).toBe(200);
    const config = await h.app(
      `/wx/jssdk/config?url=${encodeURIComponent('http://localhost:3000/survey?id=1')}`,
    );
    expect(config.status).toBe(200);
    h.wx.on('click', () => 'ok');
    const at = String(Math.floor(h.emu.now() / 1000));
    const xml = buildXml({
      ToUserName: DEMO_WECOM.corpId,
      FromUserName: 'zhangsan',
      CreateTime: Number(at),
      AgentID: 1000002,
      MsgType: 'event',
      Event: 'click',
      EventKey: 'RESULTS',
    });
    const { encrypt, msgSignature } = h.crypto.encrypt(xml, { timestamp: at, nonce: 'n1' });
    const deliver = () =>
      h.app(`/wx/events?msg_signature=${msgSignature}&timestamp=${at}&nonce=n1`, {
        method: 'POST',
        body: buildXml({ ToUserName: DEMO_WECOM.corpId, AgentID: '1000002', Encrypt: encrypt }),
      });
    expect((await deliver()).status).toBe(200);
    expect((await deliver()).headers.get('x-wxkit-duplicate')).toBe('1');

    const all = await points();
    expect(find(all, 'wxkit.logins', 'wxkit.outcome=ok', 'wxkit.mode=spa')).toHaveLength(1);
    expect(find(all, 'wxkit.login.round_trips', 'wxkit.outcome=ok')).toEqual([[expect.any(String), 1]]);
    expect(find(all, 'wxkit.code.exchanges', 'wxkit.outcome=ok')).toEqual([[expect.any(String), 1]]);
    expect(
      find(all, 'wxkit.upstream.calls', 'wxkit.path=/cgi-bin/auth/getuserinfo', 'wxkit.errcode=0'),
    ).toHaveLength(1);
    expect(find(all, 'wxkit.upstream.duration', 'wxkit.path=/cgi-bin/gettoken')).toHaveLength(1);
    expect(find(all, 'wxkit.credential.fetches', 'wxkit.kind=access_token', 'wxkit.outcome=ok')).toHaveLength(
      1,
    );
    expect(find(all, 'wxkit.credential.fetches', 'wxkit.kind=jsapi_ticket')).toHaveLength(1);
    expect(find(all, 'wxkit.jssdk.configs', 'wxkit.outcome=ok', 'wxkit.platform=wecom')).toHaveLength(1);
    expect(find(all, 'wxkit.callbacks', 'wxkit.kind=click', 'wxkit.outcome=handled')).toHaveLength(1);
    expect(find(all, 'wxkit.callbacks', 'wxkit.outcome=duplicate', 'wxkit.duplicate=true')).toHaveLength(1);
  });
});
