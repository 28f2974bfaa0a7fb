import { describe, expect, it } from 'vitest';
import { createWxClient, detectEnv } from '../src/index.js';

const WECOM_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) wxwork/4.1.22 MicroMessenger/7.0.1';

function page(
  href: string,
  answers: Record<string, { status: number; body: unknown }>,
  userAgent = WECOM_IOS,
) {
  const storage = new Map<string, string>();
  const calls: { url: string; init?: RequestInit }[] = [];
  const location = {
    href,
    assigned: '',
    assign(url: string) {
      this.assigned = url;
    },
  };
  const history = {
    replaceState(_s: unknown, _t: string, url: string) {
      location.href = new URL(url, location.href).toString();
    },
  };
  const fetch = (async (url: string, init?: RequestInit) => {
    calls.push({ url, ...(init ? { init } : {}) });
    const path = url.split('?')[0] ?? '';
    const answer = answers[path] ?? { status: 404, body: { error: { message: 'nope' } } };
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  }) as typeof globalThis.fetch;
  const deps = {
    location,
    history,
    storage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
      removeItem: (k: string) => void storage.delete(k),
    },
    fetch,
    userAgent,
  };
  return { deps, calls, location, storage };
}

const USER = { platform: 'wecom', id: 'zhangsan', name: '张三' };

describe('createWxClient', () => {
  it('detects WeCom, WeChat and other browsers from the user agent', () => {
    expect(detectEnv(WECOM_IOS)).toBe('wecom');
    expect(detectEnv('Mozilla/5.0 MicroMessenger/8.0.50')).toBe('wechat');
    expect(detectEnv('Mozilla/5.0 Chrome/120')).toBe('browser');
  });

  it('posts the code and state, then removes them from the address bar so a reload cannot reuse them', async () => {
    const p = page('https://app.example.com/survey?id=1&code=C1&state=S1#top', {
      '/wx/session': { status: 200, body: { user: USER, token: 'T', expiresAt: Date.now() + 60_000 } },
    });
    const client = createWxClient({ deps: p.deps });
    expect(await client.ensureLogin()).toEqual(USER);
    expect(JSON.parse(String(p.calls[0]?.init?.body))).toEqual({ code: 'C1', state: 'S1' });
    expect(p.location.href).toBe('https://app.example.com/survey?id=1#top');
    expect(client.token).toBe('T');
    expect(JSON.parse(p.storage.get('wxkit.session') ?? '{}').token).toBe('T');
  });

  it('hands over a login error that starting again cannot fix, instead of looping through authorize', async () => {
    const p = page('https://app.example.com/survey?code=C1&state=S1', {
      '/wx/session': {
        status: 502,
        body: {
          error: {
            code: 'platform_error',
            message: 'auth/getuserinfo answered errcode 60020',
            errcode: 60020,
          },
          restart: false,
        },
      },
    });
    const failed = createWxClient({ deps: p.deps }).ensureLogin();
    await expect(failed).rejects.toMatchObject({
      name: 'WxClientError',
      errcode: 60020,
      code: 'platform_error',
    });
    expect(p.location.assigned).toBe('');
    expect(p.location.href).toBe('https://app.example.com/survey');
  });

  it('starts the login again when the server says it can help', async () => {
    const p = page('https://app.example.com/survey?code=C1&state=S1', {
      '/wx/session': { status: 401, body: { error: { code: 'code_used_or_expired' }, restart: true } },
    });
    void createWxClient({ deps: p.deps }).ensureLogin();
    await new Promise((r) => setTimeout(r, 10));
    expect(p.location.assigned).toBe('/wx/login?mode=spa&redirect=%2Fsurvey');
  });

  it('logs out with a JSON POST and reports a logout the server could not record', async () => {
    const p = page('https://app.example.com/', {
      '/wx/logout': { status: 503, body: { error: { code: 'logout_not_recorded', message: 'try again' } } },
    });
    const client = createWxClient({ deps: p.deps });
    await expect(client.logout()).rejects.toMatchObject({ code: 'logout_not_recorded' });
    const sent = p.calls.find((c) => c.url === '/wx/logout');
    expect(new Headers(sent?.init?.headers).get('content-type')).toBe('application/json');
  });

  it('drops a tab session its injected clock says has expired, and logs in again', async () => {
    const p = page('https://app.example.com/survey', {});
    p.storage.set('wxkit.session', JSON.stringify({ user: USER, token: 'T', expiresAt: 1_000 }));
    const fresh = createWxClient({ deps: { ...p.deps, clock: () => 999 } });
    expect(fresh.user).toEqual(USER);
    const stale = createWxClient({ deps: { ...p.deps, clock: () => 1_000 } });
    expect(stale.user).toBeUndefined();
  });

  it('keeps the tab session on reload without another exchange', async () => {
    const first = page('https://app.example.com/?code=C1&state=S1', {
      '/wx/session': { status: 200, body: { user: USER, token: 'T', expiresAt: Date.now() + 60_000 } },
    });
    await createWxClient({ deps: first.deps }).ensureLogin();
    const again = createWxClient({ deps: { ...first.deps } });
    expect(await again.ensureLogin()).toEqual(USER);
    expect(first.calls.filter((c) => c.url.startsWith('/wx/session'))).toHaveLength(1);
  });

  it('redirects to the server login (SPA mode) with the current path when there is no session', async () => {
    const p = page('https://app.example.com/results?x=1', { '/wx/me': { status: 401, body: {} } });
    void createWxClient({ deps: p.deps }).ensureLogin();
    await new Promise((r) => setTimeout(r, 0));
    expect(p.location.assigned).toBe('/wx/login?mode=spa&redirect=%2Fresults%3Fx%3D1');
  });

  it('signs the landing URL on iOS WeChat after a history-mode navigation, never the # part', async () => {
    const p = page(
      'https://app.example.com/a?x=1#h',
      { '/wx/jssdk/config': { status: 400, body: { error: { message: 'stop here' } } } },
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0.50',
    );
    const client = createWxClient({ deps: p.deps });
    p.location.href = 'https://app.example.com/b';
    await expect(client.ready(['closeWindow'])).rejects.toThrow('stop here');
    expect(p.calls[0]?.url).toBe(
      '/wx/jssdk/config?url=https%3A%2F%2Fapp.example.com%2Fa%3Fx%3D1&jsApiList=closeWindow',
    );
  });

  it('signs the current URL on Android', async () => {
    const p = page(
      'https://app.example.com/a',
      { '/wx/jssdk/config': { status: 400, body: { error: { message: 'stop' } } } },
      'Mozilla/5.0 (Linux; Android 14) wxwork/4.1.22 MicroMessenger/7.0.1',
    );
    const client = createWxClient({ deps: p.deps });
    p.location.href = 'https://app.example.com/b#x';
    await expect(client.ready()).rejects.toThrow('stop');
    expect(p.calls[0]?.url).toContain(encodeURIComponent('https://app.example.com/b'));
    expect(p.calls[0]?.url).not.toContain('%23');
  });

  it('refuses bad options', () => {
    expect(() => createWxClient({ api: 'wx/' })).toThrow(/api/);
    expect(() => createWxClient({ platform: 'qq' as 'oa' })).toThrow(/platform/);
  });
});

describe('ready() with @wecom/jssdk on the page', () => {
  it('registers with signature callbacks for the URL the SDK asks about and waits for the config', async () => {
    const signed = {
      appId: 'ww1',
      timestamp: 1,
      nonceStr: 'n',
      signature: 's',
      jsApiList: [],
      scriptUrl: 'x',
      agentConfig: {
        corpid: 'ww1',
        agentid: 1000002,
        timestamp: 2,
        nonceStr: 'm',
        signature: 'a',
        jsApiList: [],
      },
    };
    const p = page('https://app.example.com/a', { '/wx/jssdk/config': { status: 200, body: signed } });
    let options: Record<string, (url: string) => Promise<unknown>> & Record<string, unknown> = {};
    const ww = {
      register: (o: Record<string, unknown>) => {
        options = o as typeof options;
      },
      ensureConfigReady: async () =>
        options['getAgentConfigSignature']?.('https://app.example.com/a?from=sdk'),
    };
    const client = createWxClient({ deps: { ...p.deps, window: { ww } } });
    await client.ready(['getLocation']);
    expect(options).toMatchObject({ corpId: 'ww1', agentId: 1000002, jsApiList: ['getLocation'] });
    expect(p.calls.at(-1)?.url).toContain(encodeURIComponent('https://app.example.com/a?from=sdk'));
    expect(await options['getConfigSignature']?.('https://app.example.com/a')).toEqual({
      timestamp: 1,
      nonceStr: 'n',
      signature: 's',
    });
  });
});
