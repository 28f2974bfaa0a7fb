import { jsapiSignature } from '@wxkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSeed, loadSeed } from '../src/index.js';
import { emulator, get, OA, OA_SECRET } from './helpers.js';

const UA = {
  wechatIOS: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148 MicroMessenger/8.0.50',
  wechatAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile MicroMessenger/8.0.50',
  wecomIOS: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) wxwork/4.1.22 MicroMessenger/7.0.1',
};
const ENTRY = 'http://localhost:3000/app?x=1&code=C1&state=S1';
const CURRENT = 'http://localhost:3000/app?x=1';

/** An emulator on `seed` (the default one unless given), its OA's jsapi_ticket, and the verify endpoint. */
async function setup(seed = defaultSeed()) {
  const emu = await emulator({ seed });
  const token = String(
    (await get(emu, `/cgi-bin/token?grant_type=client_credential&appid=${OA}&secret=${OA_SECRET}`))[
      'access_token'
    ],
  );
  const ticket = String(
    (await get(emu, `/cgi-bin/ticket/getticket?access_token=${token}&type=jsapi`))['ticket'],
  );
  const sign = (url: string) =>
    jsapiSignature({ ticket, nonceStr: 'n1', timestamp: 1_700_000_000, url }).signature;
  const verify = async (body: Record<string, unknown>) => {
    const response = await emu.fetch('/_emulator/jssdk/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as { ok: boolean; errMsg?: string; why?: string },
    };
  };
  const config = (signature: string, userAgent: string) =>
    verify({
      kind: 'config',
      appId: OA,
      timestamp: 1_700_000_000,
      nonceStr: 'n1',
      signature,
      url: CURRENT,
      entryUrl: ENTRY,
      userAgent,
    });
  return { emu, sign, verify, config };
}

describe('config failure texts per client', () => {
  it('says config:fail,invalid signature to a WeCom page and config:invalid signature to an OA page (old L13)', async () => {
    const { verify } = await setup();
    const bad = (appId: string, userAgent: string) =>
      verify({ kind: 'config', appId, timestamp: 1, nonceStr: 'n', signature: 'x', url: CURRENT, userAgent });
    expect((await bad('ww0123456789abcdef', UA.wecomIOS)).body.errMsg).toBe('config:fail,invalid signature');
    expect((await bad(OA, UA.wechatIOS)).body.errMsg).toBe('config:invalid signature');
  });
});

describe('agentConfig runs in WeCom only', () => {
  it('answers agentConfig in a WeChat (not WeCom) user agent with system:function_not_exist, and names why in the journal', async () => {
    const { emu, verify } = await setup();
    const agent = (userAgent: string) =>
      verify({
        kind: 'agentConfig',
        appId: 'ww0123456789abcdef',
        agentId: 1000002,
        timestamp: 1,
        nonceStr: 'n',
        signature: 'x',
        url: CURRENT,
        userAgent,
      });
    expect((await agent(UA.wechatIOS)).body).toMatchObject({
      ok: false,
      errMsg: 'system:function_not_exist',
    });
    expect((await agent(UA.wechatAndroid)).body.errMsg).toBe('system:function_not_exist');
    // In WeCom it goes on to the signature check.
    expect((await agent(UA.wecomIOS)).body.errMsg).toBe('agentConfig:invalid signature');
    expect(JSON.stringify(await get(emu, '/_emulator/journal'))).toMatch(/doc 94313/);
  });
});

describe('the emulator verifies the URL each client verifies', () => {
  it('accepts the entry URL (code and state included) from iPhone WeChat, after replaceState stripped them', async () => {
    const t = await setup();
    try {
      expect((await t.config(t.sign(ENTRY), UA.wechatIOS)).body).toEqual({ ok: true });
    } finally {
      await t.emu.close();
    }
  });

  it('refuses the current URL from iPhone WeChat and names the URL it verified', async () => {
    const t = await setup();
    try {
      const { body } = await t.config(t.sign(CURRENT), UA.wechatIOS);
      expect(body.errMsg).toBe('config:invalid signature');
      expect(body.why).toContain(`the URL the page was entered with (${ENTRY})`);
    } finally {
      await t.emu.close();
    }
  });

  it('refuses the entry URL from iPhone WeCom, which verifies the current one', async () => {
    const t = await setup();
    try {
      expect((await t.config(t.sign(ENTRY), UA.wecomIOS)).body.ok).toBe(false);
      expect((await t.config(t.sign(CURRENT), UA.wecomIOS)).body).toEqual({ ok: true });
    } finally {
      await t.emu.close();
    }
  });

  it('accepts either URL from Android WeChat, where the sources disagree', async () => {
    const t = await setup();
    try {
      expect((await t.config(t.sign(CURRENT), UA.wechatAndroid)).body).toEqual({ ok: true });
      expect((await t.config(t.sign(ENTRY), UA.wechatAndroid)).body).toEqual({ ok: true });
    } finally {
      await t.emu.close();
    }
  });

  it('answers any hostile body with a JSON refusal, never a 500 and never ok (property)', async () => {
    const t = await setup();
    try {
      const value = fc.oneof(
        fc.string(),
        fc.integer(),
        fc.constant(null),
        fc.array(fc.string(), { maxLength: 3 }),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.record(
            {
              kind: fc.oneof(fc.constantFrom('config', 'agentConfig'), value),
              appId: fc.oneof(fc.constantFrom(OA, 'ww0123456789abcdef'), value),
              agentId: value,
              url: fc.oneof(fc.webUrl(), value),
              entryUrl: fc.oneof(fc.webUrl({ withFragments: true }), value),
              userAgent: fc.oneof(fc.constantFrom(...Object.values(UA)), value),
              timestamp: value,
              nonceStr: value,
              signature: value,
              sdk: value,
            },
            { requiredKeys: [] },
          ),
          async (body) => {
            const { status, body: answer } = await t.verify(body);
            expect(status).toBe(200);
            expect(answer.ok).toBe(false);
            expect(answer.errMsg).toMatch(/^(config|agentConfig|system):/);
          },
        ),
        { numRuns: 60 },
      );
    } finally {
      await t.emu.close();
    }
  });
});

describe('a page signed with a ticket this emulator run never issued', () => {
  it('says the ticket came from an earlier emulator run and how to keep or clear it (40093 in the journal)', async () => {
    const emu = await emulator({ seed: defaultSeed() });
    try {
      const response = await emu.fetch('/_emulator/jssdk/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'config',
          appId: OA,
          timestamp: 1_700_000_000,
          nonceStr: 'n1',
          signature: 'a'.repeat(40),
          url: CURRENT,
          userAgent: UA.wechatAndroid,
        }),
      });
      const body = (await response.json()) as { ok: boolean; errMsg: string; why: string };
      expect(body.errMsg).toBe('config:invalid signature');
      expect(body.why).toMatch(/earlier emulator run/);
      expect(body.why).toMatch(/saved state|clear the app's credential store/);
      const journal = (await (await emu.fetch('/_emulator/journal')).json()) as {
        entries: { errcode: number; note?: string }[];
      };
      expect(journal.entries.find((e) => e.errcode === 40093)?.note).toMatch(/earlier emulator run/);
    } finally {
      await emu.close();
    }
  });
});

describe('signature and domain details the clients apply (audit-3 N-L15, N-L16, N-L18)', () => {
  it('refuses the right signature in upper-case hex and says why in the note', async () => {
    const { sign, config } = await setup();
    const res = await config(sign(CURRENT).toUpperCase(), UA.wechatAndroid);
    expect(res.body.ok).toBe(false);
    expect(res.body.errMsg).toBe('config:invalid signature');
    expect(res.body.why).toMatch(/right but in upper case/);
  });

  it('fails jweixin-1.6.0 on a WeCom page with a note that says it is not a signature problem', async () => {
    const { verify } = await setup();
    const res = await verify({
      kind: 'config',
      appId: 'ww0123456789abcdef',
      timestamp: 1,
      nonceStr: 'n',
      signature: 'x',
      url: CURRENT,
      userAgent: UA.wecomIOS,
      sdk: '1.6.0',
    });
    expect(res.body.errMsg).toBe('config:fail,invalid signature');
    expect(res.body.why).toMatch(/^not a signature problem: .*jweixin-1\.6\.0/);
  });

  /** The default seed with the OA's JS domains set to `jsDomains`; `configAt(url)` verifies a config signed for it. */
  const withJsDomains = async (jsDomains: string[]) => {
    const seed = defaultSeed();
    const account = seed.officialAccounts[0];
    if (!account) throw new Error('the default seed has an Official Account');
    account.jsDomains = jsDomains;
    const { sign, verify } = await setup(seed);
    const configAt = async (url: string) =>
      (
        await verify({
          kind: 'config',
          appId: OA,
          timestamp: 1_700_000_000,
          nonceStr: 'n1',
          signature: sign(url),
          url,
          userAgent: UA.wechatAndroid,
        })
      ).body;
    return { configAt };
  };

  it('lets an OA JS domain without a port (as the MP console takes it) cover the page on a local port', async () => {
    const { configAt } = await withJsDomains(['localhost']);
    expect((await configAt(CURRENT)).ok).toBe(true);
  });

  it('takes a seed JS domain with a path: an OA page under /mp signs, a page outside it does not', async () => {
    const { configAt } = await withJsDomains(['localhost/mp']);
    expect((await configAt('http://localhost:3000/mp/survey?x=1')).ok).toBe(true);
    const outside = await configAt('http://localhost:3000/mpx/survey?x=1');
    expect(outside.ok).toBe(false);
    expect(outside.errMsg).toBe('config:invalid url domain');
  });
});

describe('OA JS domains in the seed (audit-3 N-L18)', () => {
  it('accepts host/path entries and still refuses a scheme, a query or a fragment, naming the path', () => {
    const yaml = (entry: string) =>
      `officialAccounts: [{ appId: wx1, secret: s, oauthDomains: [a.com], jsDomains: ["${entry}"] }]`;
    for (const entry of ['example.com/mp', 'example.com/mp/a/', 'localhost:3000/mp', 'example.com'])
      expect(loadSeed(yaml(entry)).officialAccounts[0]?.jsDomains).toEqual([entry]);
    for (const entry of ['https://example.com/mp', 'example.com/mp?x=1', 'example.com/mp#a', 'exa mple.com'])
      expect(() => loadSeed(yaml(entry))).toThrow(
        /officialAccounts\[0\]\.jsDomains\[0\]: host\[:port\] or host\/path/,
      );
  });

  it('keeps WeCom trusted domains and OA OAuth domains to host[:port] (no path)', () => {
    expect(() =>
      loadSeed('officialAccounts: [{ appId: wx1, secret: s, oauthDomains: ["a.com/mp"] }]'),
    ).toThrow(/officialAccounts\[0\]\.oauthDomains\[0\]: host\[:port\] without scheme or path/);
  });
});
