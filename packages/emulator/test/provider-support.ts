import { createCallbackCrypto, parseXml } from '@wxkit/core';
import { createProvider, createSuite } from '@wxkit/core/provider';
import { createEmulator, type Emulator, type Seed } from '../src/index.js';

export const PROVIDER = 'wwproviderdemo0001';
export const PROVIDER_SECRET = 'provider-secret-0123456789abcdef0123456789';
export const SUITE = 'wwsuitedemo0000001';
export const SUITE_SECRET = 'suite-secret-0123456789abcdef0123456789';
export const TOKEN = 'isvtoken0123456789';
export const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const DK = 'dktemplatedemo0001';
export const DK_SECRET = 'dk-secret-0123456789abcdef0123456789abcd';
export const DK_TOKEN = 'dktoken0123456789';
export const DK_AES = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg';
export const CORP1 = 'ww0123456789abcdef';
export const CORP2 = 'wwfedcba9876543210';
export const HOST = 'http://emulator.local';

/** One push the fake app received, decrypted with the receiveid it was checked against. */
export interface Received {
  path: string;
  method: string;
  receiveId: string;
  fields: Record<string, string>;
}

/**
 * A provider app in miniature: answers the URL check (receiveid = provider corpid), decrypts command pushes
 * (receiveid = suite_id) and data pushes (receiveid = the corp id in the path), and hands tickets to the suite.
 */
export async function providerWorld(options: { dk?: boolean; seed?: Seed } = {}) {
  const received: Received[] = [];
  const suiteId = options.dk ? DK : SUITE;
  let emu: Emulator | undefined;
  const hosts = { qyapi: HOST, open: HOST, work: HOST, login: HOST };
  const fetchEmu = ((input: string | URL | Request, init?: RequestInit) => {
    if (!emu) throw new Error('emulator not started');
    return emu.fetch(input, init);
  }) as typeof fetch;
  const suite = createSuite({
    suiteId,
    suiteSecret: options.dk ? DK_SECRET : SUITE_SECRET,
    sealSecret: 'seal-secret-0123456789abcdef0123456789',
    fetch: fetchEmu,
    hosts,
  });
  const provider = createProvider({
    providerCorpId: PROVIDER,
    providerSecret: PROVIDER_SECRET,
    fetch: fetchEmu,
    hosts,
  });
  const appFetch = async (input: URL | Request | string, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const q = url.searchParams;
    const method = init?.method ?? 'GET';
    // The default seed: the suite under /isv/wx/, the 代开发 template under /isv/dk/wx/, each with its own key.
    const dk = url.pathname.startsWith('/isv/dk/');
    const data = url.pathname.includes('/wx/events/');
    const receiveId =
      method === 'GET'
        ? PROVIDER
        : data
          ? decodeURIComponent(url.pathname.split('/').pop() ?? '')
          : dk
            ? DK
            : SUITE;
    const crypto = createCallbackCrypto({
      token: dk ? DK_TOKEN : TOKEN,
      encodingAESKey: dk ? DK_AES : AES,
      receiveId,
    });
    const sig = {
      msgSignature: q.get('msg_signature') ?? '',
      timestamp: q.get('timestamp') ?? '',
      nonce: q.get('nonce') ?? '',
    };
    try {
      if (method === 'GET') return new Response(crypto.decrypt({ encrypt: q.get('echostr') ?? '', ...sig }));
      const envelope = parseXml(String(init?.body ?? ''));
      const fields = parseXml(crypto.decrypt({ encrypt: envelope['Encrypt'] ?? '', ...sig })) as Record<
        string,
        string
      >;
      received.push({ path: url.pathname, method, receiveId, fields });
      if (fields['InfoType'] === 'suite_ticket' && fields['SuiteId'] === suiteId)
        await suite.tickets.receive(fields['SuiteTicket'] ?? '', Number(fields['TimeStamp']));
      return new Response('success');
    } catch (error) {
      return new Response(`refused: ${(error as Error).message}`, { status: 400 });
    }
  };
  emu = await createEmulator({ appFetch, ...(options.seed ? { seed: options.seed } : {}) });
  const started = emu;
  // With an appFetch the ticket clock starts at the first provider call; its first push (after the URL check)
  // arrives within a few ticks.
  await provider.getProviderAccessToken();
  for (let i = 0; i < 200 && !(await suite.tickets.peek()); i++) await new Promise((r) => setTimeout(r, 5));
  return { emu: started, suite, provider, received, suiteId };
}

/** The website install: pre_auth_code → set_session_info → /3rdapp/install?install_as → auth_code. */
export async function installVia(emu: Emulator, suite: ReturnType<typeof createSuite>, corpId: string) {
  const { preAuthCode } = await suite.install.preAuthCode();
  await suite.install.setSessionInfo({ preAuthCode, authType: 1 });
  const url = suite.install.installUrl({
    preAuthCode,
    redirectUri: 'http://localhost:3000/isv/wx/suite/installed',
    state: 's1',
  });
  const response = await emu.fetch(`${url}&install_as=${corpId}`);
  const location = new URL(response.headers.get('location') ?? 'http://none/');
  return { response, location, authCode: location.searchParams.get('auth_code') ?? '' };
}

/** A member logs in through the suite's authorize page; the code of the 302. */
export async function loginCode(
  emu: Emulator,
  suite: ReturnType<typeof createSuite>,
  loginAs: string,
  scope: 'snsapi_base' | 'snsapi_privateinfo' = 'snsapi_privateinfo',
) {
  const url = suite.oauth
    .authorizeUrl({ redirectUri: 'http://localhost:3000/isv/wx/callback', state: 'st', scope })
    .replace('#wechat_redirect', '');
  const response = await emu.fetch(`${url}&login_as=${encodeURIComponent(loginAs)}`);
  return new URL(response.headers.get('location') ?? 'http://none/').searchParams.get('code') ?? '';
}
