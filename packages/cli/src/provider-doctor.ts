import { randomBytes } from 'node:crypto';
import { createCallbackCrypto, explain, isWxApiError, type Store, silentLogger } from '@wxkit/core';
import { createSuite, listTenants, readSuiteTickets, SUITE_TICKET_LIFETIME_MS } from '@wxkit/core/provider';
import type { Check } from './doctor.js';

/** What `wxkit doctor --provider` checks: the suite, its store, and (optionally) its callback URLs. */
export interface ProviderDoctorInput {
  suiteId: string;
  /** The store the app shares (its suite_ticket and tenants live there). */
  store: Store;
  /** From the environment only (WXKIT_SUITE_SECRET): checks get_suite_token when given. */
  suiteSecret?: string;
  /** The command URL (指令回调) and the data URL (数据回调, with `$CORPID$`) as set in 服务商管理端. */
  commandsUrl?: string;
  dataUrl?: string;
  /** The callback Token, EncodingAESKey and provider CorpID: needed for the URLs' echo check. */
  token?: string;
  encodingAESKey?: string;
  providerCorpId?: string;
  /** The platform's environment (WXKIT_EMULATOR_HOST) for the suite client. */
  env: Readonly<Record<string, string | undefined>>;
  clock?: () => number;
}

export interface ProviderReport {
  ok: boolean;
  platform: 'provider';
  checks: Check[];
}

/** The console's URL check, as the platform sends it: a signed echostr sealed for the provider corpid. */
async function echoCheck(
  name: string,
  url: string,
  input: ProviderDoctorInput,
  fetchFn: typeof fetch,
): Promise<Check> {
  const { token, encodingAESKey, providerCorpId } = input;
  if (!token || !encodingAESKey || !providerCorpId)
    return {
      name,
      status: 'skipped',
      detail: 'needs WXKIT_SUITE_TOKEN, WXKIT_SUITE_AES_KEY and WXKIT_PROVIDER_CORPID for the echo check',
    };
  // The console replaces $CORPID$ with the provider corpid for its check (service-providers.md, receive id rules).
  const target = new URL(url.replaceAll('$CORPID$', providerCorpId));
  const echo = randomBytes(9).toString('hex');
  const crypto = createCallbackCrypto({ token, encodingAESKey, receiveId: providerCorpId });
  const timestamp = String(Math.floor((input.clock ?? Date.now)() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  const { encrypt, msgSignature } = crypto.encrypt(echo, { timestamp, nonce });
  for (const [k, v] of Object.entries({ msg_signature: msgSignature, timestamp, nonce, echostr: encrypt }))
    target.searchParams.set(k, v);
  let response: Response;
  try {
    response = await fetchFn(target, { redirect: 'manual' });
  } catch (error) {
    return {
      name,
      status: 'problem',
      detail: `${target.origin}${target.pathname}: ${(error as Error).message}`,
      fix: 'start the app, and check that the URL is reachable from the internet (the platform calls it)',
    };
  }
  const body = await response.text();
  if (response.status === 200 && body === echo)
    return { name, status: 'ok', detail: `${target.origin}${target.pathname} answers the echo check` };
  return {
    name,
    status: 'problem',
    detail: `${target.origin}${target.pathname} answered HTTP ${response.status}${response.status === 200 ? ` with "${body.slice(0, 40)}", not the echo` : ''}; the console refuses to save it`,
    fix:
      response.status === 404
        ? 'mount the kit at that path: createWxServer({ suite, commands, callback }) serves {prefix}/suite/commands and {prefix}/events/$CORPID$'
        : 'the Token, EncodingAESKey and provider CorpID of the app must be those of 服务商管理端 → 应用管理 → 回调配置',
  };
}

/** A provider app, as the store and the platform see it: ticket, credentials, callback URLs, tenants. */
export async function diagnoseProvider(
  input: ProviderDoctorInput,
  fetchFn: typeof fetch = fetch,
  platformFetch?: typeof fetch,
): Promise<ProviderReport> {
  const now = (input.clock ?? Date.now)();
  const checks: Check[] = [];
  const held = await readSuiteTickets({ store: input.store, suiteId: input.suiteId });
  const age = held && now - held.latest.pushedAt;
  const live = age !== undefined && age < SUITE_TICKET_LIFETIME_MS;
  checks.push(
    live
      ? {
          name: 'suite_ticket',
          status: 'ok',
          detail: `pushed ${Math.round((age as number) / 60_000)} min ago`,
        }
      : {
          name: 'suite_ticket',
          status: 'problem',
          detail: held ? 'the newest one is over 30 minutes old' : `none in the store for ${input.suiteId}`,
          fix: 'the platform pushes one every 10 minutes to the command URL: check that it answers "success", or press 刷新Ticket in 服务商管理端 → 应用管理',
        },
  );
  if (!input.suiteSecret)
    checks.push({
      name: 'suite credentials',
      status: 'skipped',
      detail: 'set WXKIT_SUITE_SECRET to check get_suite_token',
    });
  else if (!live)
    checks.push({ name: 'suite credentials', status: 'skipped', detail: 'needs a live suite_ticket first' });
  else {
    const suite = createSuite({
      suiteId: input.suiteId,
      suiteSecret: input.suiteSecret,
      // Nothing is opened here: the seal secret is only required by the constructor.
      sealSecret: randomBytes(32).toString('base64'),
      store: input.store,
      env: input.env,
      logger: silentLogger,
      ...(input.clock ? { clock: input.clock } : {}),
      ...(platformFetch ? { fetch: platformFetch } : {}),
    });
    try {
      await suite.getSuiteAccessToken();
      checks.push({
        name: 'suite credentials',
        status: 'ok',
        detail: `get_suite_token works for ${input.suiteId}`,
      });
    } catch (error) {
      const why = isWxApiError(error) ? explain(error.errcode, 'wecom') : undefined;
      checks.push({
        name: 'suite credentials',
        status: 'problem',
        detail: isWxApiError(error) ? `errcode ${error.errcode} (${error.errmsg})` : (error as Error).message,
        fix: why?.fix ?? 'check WXKIT_SUITE_SECRET against 服务商管理端 → 应用管理 → the app → Secret',
      });
    }
  }
  if (input.commandsUrl) checks.push(await echoCheck('command URL', input.commandsUrl, input, fetchFn));
  if (input.dataUrl) {
    if (!input.dataUrl.includes('$CORPID$'))
      checks.push({
        name: 'data URL',
        status: 'problem',
        detail: `${input.dataUrl} has no $CORPID$: every corp's messages would come to one URL and could not be told apart`,
        fix: 'end the data URL (数据回调URL) in /events/$CORPID$',
      });
    else checks.push(await echoCheck('data URL', input.dataUrl, input, fetchFn));
  }
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await listTenants({
      store: input.store,
      suiteId: input.suiteId,
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    count += page.tenants.length;
    cursor = page.cursor;
  } while (cursor);
  checks.push({ name: 'tenants', status: 'ok', detail: `${count} corp(s) authorised ${input.suiteId}` });
  return { ok: checks.every((c) => c.status !== 'problem'), platform: 'provider', checks };
}
