import { describe, expect, it } from 'vitest';
import { harness } from './helpers.js';

describe('JS-SDK config', () => {
  it('signs the page URL without # with the corp ticket, and agentConfig with the agent ticket, as the client checks them', async () => {
    const h = await harness();
    const page = 'http://localhost:3000/survey?id=1#/step/2';
    const response = await h.app(
      `/wx/jssdk/config?url=${encodeURIComponent(page)}&jsApiList=closeWindow,scanQRCode`,
    );
    const config = (await response.json()) as Record<string, unknown> & {
      agentConfig: Record<string, unknown>;
    };
    expect(config).toMatchObject({
      appId: 'ww0123456789abcdef',
      jsApiList: ['closeWindow', 'scanQRCode'],
      scriptUrl: 'http://emulator.local/open/js/jweixin-1.2.0.js',
      emulator: { bridgeUrl: 'http://emulator.local/jssdk/bridge.js' },
    });
    const verify = (body: unknown) =>
      h.emu
        .fetch('/_emulator/jssdk/verify', { method: 'POST', body: JSON.stringify(body) })
        .then((r) => r.json());
    const url = 'http://localhost:3000/survey?id=1';
    expect(
      await verify({
        kind: 'config',
        appId: config['appId'],
        timestamp: config['timestamp'],
        nonceStr: config['nonceStr'],
        signature: config['signature'],
        url,
      }),
    ).toEqual({ ok: true });
    const agent = config.agentConfig;
    expect(
      await verify({
        kind: 'agentConfig',
        appId: agent['corpid'],
        agentId: agent['agentid'],
        timestamp: agent['timestamp'],
        nonceStr: agent['nonceStr'],
        signature: agent['signature'],
        url,
      }),
    ).toMatchObject({ ok: true });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('reuses one signature for the same page within a second and signs afresh after it', async () => {
    const h = await harness();
    const ask = async (page: string) =>
      (await (await h.app(`/wx/jssdk/config?url=${encodeURIComponent(page)}`)).json()) as {
        timestamp: number;
        nonceStr: string;
        signature: string;
      };
    const first = await ask('http://localhost:3000/a');
    expect(await ask('http://localhost:3000/a')).toEqual(first);
    const other = await ask('http://localhost:3000/b');
    expect(other.signature).not.toBe(first.signature);
    h.emu.advance(1);
    const later = await ask('http://localhost:3000/a');
    expect(later.timestamp).toBe(first.timestamp + 1);
    expect(later.nonceStr).not.toBe(first.nonceStr);
    const verified = await h.emu
      .fetch('/_emulator/jssdk/verify', {
        method: 'POST',
        body: JSON.stringify({
          kind: 'config',
          appId: 'ww0123456789abcdef',
          ...later,
          url: 'http://localhost:3000/a',
        }),
      })
      .then((r) => r.json());
    expect(verified).toEqual({ ok: true });
  });

  it('never hands a signature reused for one host to a request for another', async () => {
    const h = await harness({ jssdk: {} });
    const query = `/wx/jssdk/config?url=${encodeURIComponent('http://localhost:3000/p')}`;
    expect((await h.app(query)).status).toBe(200);
    const elsewhere = await h.wx.handle(new Request(`http://other.example${query}`));
    expect(elsewhere?.status).toBe(400);
  });

  it('refuses a page outside the JS-SDK domains and says which list to fix', async () => {
    const h = await harness();
    const response = await h.app(`/wx/jssdk/config?url=${encodeURIComponent('http://evil.example/')}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 'domain_not_allowed', errcode: 80001, hint: expect.stringContaining('可信域名') },
    });
  });

  it('ignores X-Forwarded-Host unless told to trust the proxy', async () => {
    const h = await harness({ jssdk: {} });
    const headers = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    const untrusted = await h.app(`/wx/jssdk/config?url=${encodeURIComponent('https://evil.example/')}`, {
      headers,
    });
    expect(untrusted.status).toBe(400);
    const trusting = await harness({ jssdk: {}, trustProxy: true });
    const trusted = await trusting.app(
      `/wx/jssdk/config?url=${encodeURIComponent('https://app.example.com/p')}`,
      { headers: { 'x-forwarded-host': 'app.example.com', 'x-forwarded-proto': 'https' } },
    );
    expect(trusted.status).toBe(200);
  });
});

describe('verification files', () => {
  it('serves the configured file body exactly, as text/plain without a newline', async () => {
    const h = await harness();
    const response = await h.app('/WW_verify_AbCd1234.txt');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('AbCd1234');
    expect(await h.wx.handle(new Request('http://localhost:3000/WW_verify_Other.txt'))).toBeUndefined();
    expect(await h.wx.handle(new Request('http://localhost:3000/survey'))).toBeUndefined();
  });
});

describe('callback events', () => {
  const event = (
    h: Awaited<ReturnType<typeof harness>>,
    xml: string,
    at = Math.floor(h.emu.now() / 1000),
    nonce = 'n1',
  ) => {
    const { encrypt, msgSignature } = h.crypto.encrypt(xml, { timestamp: String(at), nonce });
    const body = `<xml><ToUserName><![CDATA[ww0123456789abcdef]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    return { url: `/wx/events?msg_signature=${msgSignature}&timestamp=${at}&nonce=${nonce}`, body };
  };
  const click =
    '<xml><ToUserName><![CDATA[ww0123456789abcdef]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[click]]></Event><EventKey><![CDATA[RESULTS]]></EventKey><AgentID>1000002</AgentID></xml>';

  it('answers the URL verification with the plaintext echostr only', async () => {
    const h = await harness();
    const { encrypt, msgSignature } = h.crypto.encrypt('8675309', { timestamp: '1', nonce: 'x' });
    const response = await h.app(
      `/wx/events?msg_signature=${msgSignature}&timestamp=1&nonce=x&echostr=${encodeURIComponent(encrypt)}`,
    );
    expect(await response.text()).toBe('8675309');
  });

  it('dispatches a menu click to its handler and encrypts the passive reply', async () => {
    const h = await harness();
    const seen: string[] = [];
    h.wx.on('click', (e) => {
      seen.push(`${e.from}:${e.key}`);
      return '结果在这里';
    });
    const { url, body } = event(h, click);
    const response = await h.app(url, { method: 'POST', body });
    expect(seen).toEqual(['zhangsan:RESULTS']);
    const reply = await response.text();
    const parts =
      /<Encrypt><!\[CDATA\[(.+?)\]\]><\/Encrypt><MsgSignature><!\[CDATA\[(.+?)\]\]><\/MsgSignature><TimeStamp>(\d+)<\/TimeStamp><Nonce><!\[CDATA\[(.+?)\]\]>/.exec(
        reply,
      );
    const plain = h.crypto.decrypt({
      encrypt: parts?.[1] ?? '',
      msgSignature: parts?.[2] ?? '',
      timestamp: parts?.[3] ?? '',
      nonce: parts?.[4] ?? '',
    });
    expect(plain).toContain('<Content><![CDATA[结果在这里]]></Content>');
  });

  it('rejects a forged signature with -40001', async () => {
    const h = await harness();
    const { url, body } = event(h, click);
    const response = await h.app(url.replace(/msg_signature=[0-9a-f]+/, `msg_signature=${'0'.repeat(40)}`), {
      method: 'POST',
      body,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { errcode: -40001 } });
  });

  it('handles a replayed callback once and refuses a stale one', async () => {
    const h = await harness();
    let count = 0;
    h.wx.on('click', () => {
      count++;
    });
    const { url, body } = event(h, click);
    await h.app(url, { method: 'POST', body });
    const replay = await h.app(url, { method: 'POST', body });
    expect(replay.headers.get('x-wxkit-duplicate')).toBe('1');
    expect(count).toBe(1);
    const old = event(h, click, Math.floor(h.emu.now() / 1000) - 3600, 'n2');
    expect((await h.app(old.url, { method: 'POST', body: old.body })).status).toBe(403);
  });

  it('refuses an oversized body with 413', async () => {
    const h = await harness();
    const query = `msg_signature=${'0'.repeat(40)}&timestamp=${Math.floor(h.emu.now() / 1000)}&nonce=n`;
    const response = await h.app(`/wx/events?${query}`, {
      method: 'POST',
      body: `<xml>${'x'.repeat(70_000)}</xml>`,
    });
    expect(response.status).toBe(413);
  });
});
