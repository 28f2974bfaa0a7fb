import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { emulator } from './helpers.js';

/** Runs a served SDK file in a bare window with a WeChat user agent and returns its `wx`. */
async function loadSdk(path: string): Promise<Record<string, unknown>> {
  const emu = await emulator();
  const source = await (await emu.fetch(path)).text();
  const window: Record<string, unknown> = {
    navigator: { userAgent: 'Mozilla/5.0 (iPhone) MicroMessenger/8.0.50', platform: 'iPhone' },
    location: { href: 'http://localhost:3000/' },
    document: { addEventListener() {}, readyState: 'complete', title: '' },
    addEventListener() {},
    setTimeout,
    console,
  };
  window['window'] = window;
  runInNewContext(source, window);
  return window['wx'] as Record<string, unknown>;
}

describe('the jweixin files the emulator serves', () => {
  it('serves jweixin-1.2.0.js without the APIs added in 1.3–1.4 (updateAppMessageShareData fails there, as on the phone)', async () => {
    const old = await loadSdk('/open/js/jweixin-1.2.0.js');
    expect(typeof old['config']).toBe('function');
    expect(typeof old['onMenuShareAppMessage']).toBe('function');
    expect(old['updateAppMessageShareData']).toBeUndefined();
    expect(old['updateTimelineShareData']).toBeUndefined();
    expect(old['miniProgram']).toBeUndefined();
    const current = await loadSdk('/open/js/jweixin-1.6.0.js');
    expect(typeof current['updateAppMessageShareData']).toBe('function');
  });
});
