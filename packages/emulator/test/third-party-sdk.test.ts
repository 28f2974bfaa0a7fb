import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../src/index.js';

// co-wechat-api (node-webot), a widely used Official Account SDK, pointed at the emulator by its `prefix`.
interface CoWechatApi {
  prefix: string;
  getAccessToken(): Promise<{ accessToken: string }>;
  createMenu(menu: unknown): Promise<{ errcode: number }>;
  getMenu(): Promise<{ menu: { button: { name: string }[] } }>;
  getTicket(type?: string): Promise<{ ticket: string }>;
}
const WechatAPI = createRequire(import.meta.url)('co-wechat-api') as new (
  appId: string,
  secret: string,
) => CoWechatApi;

describe('third-party SDKs against the emulator', () => {
  it('co-wechat-api fetches a token, pushes and reads a menu, and gets a jsapi ticket, unchanged', async () => {
    const emulator = await createEmulator({ port: 0 });
    try {
      const api = new WechatAPI('wx0123456789abcdef', 'oa-secret-0123456789abcdef0123456789');
      api.prefix = `${emulator.url}/cgi-bin/`;
      expect((await api.getAccessToken()).accessToken).toEqual(expect.any(String));
      expect((await api.createMenu({ button: [{ type: 'click', name: '结果', key: 'R' }] })).errcode).toBe(0);
      expect((await api.getMenu()).menu.button[0]?.name).toBe('结果');
      expect((await api.getTicket()).ticket).toEqual(expect.any(String));
      const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
        calls: Record<string, number>;
      };
      expect(stats.calls['/cgi-bin/token']).toBe(1);
    } finally {
      await emulator.close();
    }
  });
});
