import { createHash } from 'node:crypto';
import { createEmulator } from '@wxkit/emulator';
import { DEMO_OA, DEMO_WECOM } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { createOfficialAccount, createWeCom, type PlatformClient, silentLogger } from '../src/index.js';

/** Written once against the common interface, as the server kit or a token service would be. */
async function signedPage(client: PlatformClient, url: string) {
  const token = await client.getAccessToken();
  const ticket = await client.getJsapiTicket();
  const signed = await client.jssdk.configSignature(url);
  return { token, ticket, signed };
}

describe('both clients on one interface', () => {
  it('tokens, tickets and JS-SDK signatures come out the same way for WeCom and an Official Account', async () => {
    const emu = await createEmulator();
    const common = { fetch: emu.fetch, env: { WXKIT_EMULATOR_HOST: 'emulator.local' }, logger: silentLogger };
    const clients: PlatformClient[] = [
      createWeCom({ ...DEMO_WECOM, ...common }),
      createOfficialAccount({ ...DEMO_OA, ...common }),
    ];
    expect(clients.map((c) => [c.platform, c.appId])).toEqual([
      ['wecom', DEMO_WECOM.corpId],
      ['oa', DEMO_OA.appId],
    ]);
    for (const client of clients) {
      const { token, ticket, signed } = await signedPage(client, 'http://localhost:3000/s?x=1#frag');
      expect(token).not.toBe('');
      expect(await client.getAccessToken()).toBe(token);
      const plain = `jsapi_ticket=${ticket}&noncestr=${signed.nonceStr}&timestamp=${signed.timestamp}&url=http://localhost:3000/s?x=1`;
      expect(signed.signature).toBe(createHash('sha1').update(plain).digest('hex'));
    }
  });

  it('a raw call goes to the platform main host with the token, for either client', async () => {
    const emu = await createEmulator();
    const common = { fetch: emu.fetch, env: { WXKIT_EMULATOR_HOST: 'emulator.local' }, logger: silentLogger };
    const wecom: PlatformClient = createWeCom({ ...DEMO_WECOM, ...common });
    const oa: PlatformClient = createOfficialAccount({ ...DEMO_OA, ...common });
    await expect(
      wecom.call('/cgi-bin/agent/get', { query: { agentid: DEMO_WECOM.agentId } }),
    ).resolves.toMatchObject({
      agentid: DEMO_WECOM.agentId,
    });
    await expect(oa.call('/cgi-bin/user/get')).resolves.toMatchObject({ total: expect.any(Number) });
  });
});
