import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWxClient, verifiedPageUrls } from '../src/index.js';

const UA = {
  wechatIOS:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.50',
  wechatAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/120.0 Mobile MicroMessenger/8.0.50',
  wecomIOS: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) wxwork/4.1.22 MicroMessenger/7.0.1',
  wecomAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) wxwork/4.1.22 MicroMessenger/7.0.1',
  desktop: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0',
};

/** A page entered at `href` whose server answers /wx/session and records /wx/jssdk/config. */
function landing(href: string, userAgent: string) {
  const signed: string[] = [];
  const location = { href, assign() {} };
  const deps = {
    location,
    history: {
      replaceState(_s: unknown, _t: string, url: string) {
        location.href = new URL(url, location.href).toString();
      },
    },
    storage: { getItem: () => null, setItem() {}, removeItem() {} },
    userAgent,
    fetch: (async (url: string) => {
      if (url.startsWith('/wx/session'))
        return Response.json({
          user: { platform: 'wecom', id: 'u', name: 'U' },
          token: 'T',
          expiresAt: Date.now() + 6e4,
        });
      signed.push(new URL(url, 'https://x.invalid').searchParams.get('url') ?? '');
      return Response.json({ error: { message: 'stop' } }, { status: 400 });
    }) as typeof fetch,
  };
  return { deps, signed, location };
}

describe('the page URL the JS-SDK signature is made for', () => {
  const entered = 'https://app.example.com/survey?id=1&code=C1&state=S1';

  it('signs the URL after the code was stripped on iPhone WeCom, where the client verifies the current URL', async () => {
    const p = landing(entered, UA.wecomIOS);
    const client = createWxClient({ deps: p.deps });
    await client.ensureLogin();
    await expect(client.ready()).rejects.toThrow('stop');
    expect(p.location.href).toBe('https://app.example.com/survey?id=1');
    expect(p.signed).toEqual(['https://app.example.com/survey?id=1']);
  });

  it('signs the landing URL, code and state included, on iPhone WeChat, which ignores replaceState', async () => {
    const p = landing(entered, UA.wechatIOS);
    const client = createWxClient({ deps: p.deps });
    await client.ensureLogin();
    await expect(client.ready()).rejects.toThrow('stop');
    expect(p.signed).toEqual([entered]);
  });

  it('signs the URL the document was entered with even when the client is created after a pushState', async () => {
    const p = landing('https://app.example.com/b', UA.wechatIOS);
    const client = createWxClient({ deps: { ...p.deps, entryUrl: 'https://app.example.com/a?x=1#top' } });
    await expect(client.ready()).rejects.toThrow('stop');
    expect(p.signed).toEqual(['https://app.example.com/a?x=1']);
  });

  it('names the entry URL only for iPhone WeChat, accepts either on Android WeChat and the current URL elsewhere', () => {
    const current = 'https://a.example/b?y=2#h';
    const entryUrl = 'https://a.example/a?x=1#h';
    const urls = (userAgent: string) => verifiedPageUrls({ userAgent, currentUrl: current, entryUrl });
    expect(urls(UA.wechatIOS)).toEqual(['https://a.example/a?x=1']);
    expect(urls(UA.wechatAndroid)).toEqual(['https://a.example/b?y=2', 'https://a.example/a?x=1']);
    expect(urls(UA.wecomIOS)).toEqual(['https://a.example/b?y=2']);
    expect(urls(UA.wecomAndroid)).toEqual(['https://a.example/b?y=2']);
    expect(urls(UA.desktop)).toEqual(['https://a.example/b?y=2']);
  });

  it('never lets a # part into a signed URL, and always names at least one (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(UA)),
        fc.webUrl({ withFragments: true, withQueryParameters: true }),
        fc.webUrl({ withFragments: true, withQueryParameters: true }),
        (userAgent, currentUrl, entryUrl) => {
          const urls = verifiedPageUrls({ userAgent, currentUrl, entryUrl });
          expect(urls.length).toBeGreaterThan(0);
          for (const url of urls) expect(url).not.toContain('#');
        },
      ),
    );
  });
});
