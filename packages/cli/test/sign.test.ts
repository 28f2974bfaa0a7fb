import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { capture } from './helpers.js';

// The official vector (OA JS-SDK doc, appendix 1).
const VECTOR = [
  '--ticket',
  'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
  '--noncestr',
  'Wm3WZYTPz0wzccnW',
  '--timestamp',
  '1414587457',
];
const SIGNATURE = '0f9de62fce790f9a083d5c99e95740ceb90c27ed';

describe('wxkit sign', () => {
  it('prints string1 then the signature on the last line', async () => {
    const c = capture();
    expect(await run(['sign', ...VECTOR, '--url', 'http://mp.weixin.qq.com?params=value'], c.io)).toBe(0);
    expect(c.out.at(-1)).toBe(SIGNATURE);
    expect(c.out[0]).toContain('jsapi_ticket=sM4AOVdWfPE4');
  });

  it('signs the URL without its # fragment', async () => {
    const c = capture();
    await run(['sign', ...VECTOR, '--url', 'http://mp.weixin.qq.com?params=value#/page'], c.io);
    expect(c.out.at(-1)).toBe(SIGNATURE);
  });

  it('prints { signature, string1 } with --json', async () => {
    const c = capture();
    expect(
      await run(['sign', ...VECTOR, '--url', 'http://mp.weixin.qq.com?params=value', '--json'], c.io),
    ).toBe(0);
    const parsed = JSON.parse(c.out.join(''));
    expect(parsed.signature).toBe(SIGNATURE);
    expect(parsed.string1).toMatch(/&url=http:\/\/mp\.weixin\.qq\.com\?params=value$/);
  });

  it('exits 2 for a millisecond timestamp, saying why', async () => {
    const c = capture();
    const args = ['sign', ...VECTOR.slice(0, 4), '--timestamp', '1414587457000', '--url', 'http://a.com/'];
    expect(await run(args, c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/seconds.*not milliseconds/);
  });
});
