import { createCallbackCrypto, type Store, silentLogger } from '@wxkit/core';
import { createEmulator, type Emulator } from '@wxkit/emulator';
import { DEMO_CALLBACK, DEMO_WECOM, demoWeCom, loginThroughEmulator } from '@wxkit/test-support';
import { createWxServer, type WxServerOptions } from '../src/index.js';

export interface Harness {
  emu: Emulator;
  wx: ReturnType<typeof createWxServer>;
  app(path: string, init?: RequestInit): Promise<Response>;
  /** Runs the whole login for `userid`; returns the final response of the callback or session step and the cookie jar. */
  loginVia(
    mode: 'callback' | 'spa',
    userid: string,
  ): Promise<{ response: Response; cookies: string; code: string; state: string }>;
  crypto: ReturnType<typeof createCallbackCrypto>;
}

export { cookiesOf } from '@wxkit/test-support';

/** What every test server shares: a test secret, the test page's domain, the emulator's clock, no logs. */
export const testOptions = (emu: Emulator) => ({
  session: { secret: 'a-test-secret-that-is-long-enough-0123' },
  jssdk: { domains: ['localhost:3000'] },
  clock: emu.now,
  logger: silentLogger,
});

/** Requests to the kit as a page on http://localhost:3000 sends them; 599 when the kit leaves the path to the app. */
export const browserOf =
  (wx: Pick<ReturnType<typeof createWxServer>, 'handle'>) => async (path: string, init?: RequestInit) =>
    (await wx.handle(new Request(new URL(path, 'http://localhost:3000'), init))) ??
    new Response('not the kit', { status: 599 });

export async function harness(extra: Partial<WxServerOptions> & { store?: Store } = {}): Promise<Harness> {
  const base = Date.now();
  const emu = await createEmulator({ clock: () => base });
  const wecom = demoWeCom(emu, { clock: emu.now });
  const wx = createWxServer({
    wecom,
    ...testOptions(emu),
    verifyFiles: { 'WW_verify_AbCd1234.txt': 'AbCd1234' },
    callback: DEMO_CALLBACK,
    ...extra,
  });
  const app = browserOf(wx);
  const loginVia = async (mode: 'callback' | 'spa', userid: string) => {
    const login = await loginThroughEmulator({
      app,
      emulator: emu.fetch,
      member: userid,
      mode,
      redirect: '/survey?id=1',
    });
    return { response: login.responses.finish, cookies: login.cookies, code: login.code, state: login.state };
  };
  const crypto = createCallbackCrypto({ ...DEMO_CALLBACK, receiveId: DEMO_WECOM.corpId });
  return { emu, wx, app, loginVia, crypto };
}

/** A POST to `/wx/events?<search>` whose body is `body()`, asked for only when the route reads the body. */
export function eventsRequest(search: string, body: () => string): Request {
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        controller.enqueue(new TextEncoder().encode(body()));
        controller.close();
      },
    },
    // No pull before the first read.
    { highWaterMark: 0 },
  );
  return new Request(`http://localhost:3000/wx/events?${search}`, {
    method: 'POST',
    body: stream,
    duplex: 'half',
  } as RequestInit);
}
