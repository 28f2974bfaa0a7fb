import { buildXml, createCallbackCrypto, type XmlFields } from '@wxkit/core';
import { push } from '../../push.js';
import { randomToken, type World } from '../../world.js';
import type { SeedProvider, SeedSuite } from './seed.js';
import { findSuite, hashSecret, PROVIDER_LIFETIMES, providerState } from './state.js';

const stamp = (world: World) => Math.floor(world.now() / 1000);
const nonceOf = () => randomToken(10).replace(/[^A-Za-z0-9]/g, 'x');

/** The data URL of a corp: `$CORPID$` replaced with the corp id (as the provider console documents it). */
export const dataUrlOf = (suite: SeedSuite, corpId: string) => suite.dataUrl.replaceAll('$CORPID$', corpId);

/**
 * Sends one encrypted message to a suite's command or data URL through push.ts (timeout, retries, journal,
 * delivery log) and records it for the provider console. The receiveid differs by callback (回调通知概述 97172 and
 * WeCom staff, see service-providers.md): the command URL's messages use the suite_id; a data URL POST the corp
 * id of the corp it is about.
 */
export async function sendToSuite(
  world: World,
  suite: SeedSuite,
  to: 'command' | 'data',
  fields: XmlFields,
  corpId?: string,
) {
  const receiveId = to === 'command' ? suite.suiteId : (corpId ?? '');
  const crypto = createCallbackCrypto({
    token: suite.token,
    encodingAESKey: suite.encodingAESKey,
    receiveId,
  });
  const timestamp = String(stamp(world));
  const nonce = nonceOf();
  const { encrypt, msgSignature } = crypto.encrypt(buildXml(fields), { timestamp, nonce });
  const url = new URL(to === 'command' ? suite.commandUrl : dataUrlOf(suite, corpId ?? ''));
  url.searchParams.set('msg_signature', msgSignature);
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  // The envelope names the receiver: the suite on the command URL, the corp (and agent) on the data URL.
  const envelope = buildXml({
    ToUserName: receiveId,
    ...(fields['AgentID'] !== undefined ? { AgentID: String(fields['AgentID']) } : {}),
    Encrypt: encrypt,
  });
  const type = String(fields['InfoType'] ?? fields['Event'] ?? fields['MsgType'] ?? 'message');
  const result = await push(world, {
    to: { platform: 'wecom', ...(corpId ? { corpId } : {}), type },
    url,
    body: envelope,
    crypto,
    encryptedOnly: true,
  });
  providerState.of(world).pushes.push({
    at: world.now(),
    suiteId: suite.suiteId,
    to,
    type,
    ...(corpId ? { corpId } : {}),
    receiveId,
    url: url.origin + url.pathname,
    status: result.status,
    answer: result.response.slice(0, 200),
    ...(result.error ? { error: result.error } : {}),
  });
  return result;
}

/** A command-URL message (指令回调): SuiteId, InfoType, TimeStamp and the event's own fields. */
export const commandFields = (world: World, suite: SeedSuite, infoType: string, extra: XmlFields = {}) => ({
  SuiteId: suite.suiteId,
  InfoType: infoType,
  TimeStamp: stamp(world),
  ...extra,
});

/**
 * Pushes a new suite_ticket (推送suite_ticket, doc 90628): a new value each time, valid 30 minutes; the emulator
 * keeps the last ones (hashed) and get_suite_token takes the newest two ("可以容错连续两次").
 */
export async function pushTicket(world: World, suite: SeedSuite) {
  const value = randomToken(64);
  const state = providerState.of(world);
  const list = state.tickets.get(suite.suiteId) ?? [];
  const record = {
    hash: hashSecret(value),
    shown: `${value.slice(0, 6)}…`,
    pushedAt: world.now(),
    delivered: false,
  };
  list.push(record);
  state.tickets.set(suite.suiteId, list.slice(-5));
  const result = await sendToSuite(
    world,
    suite,
    'command',
    commandFields(world, suite, 'suite_ticket', { SuiteTicket: value }),
  );
  record.delivered = result.status === 200 && !result.error;
  return {
    pushedAt: record.pushedAt,
    status: result.status,
    ...(result.error ? { error: result.error } : {}),
  };
}

/** The tickets get_suite_token accepts: the newest two pushed, within their 30 minutes. */
export function acceptedTickets(world: World, suiteId: string) {
  const now = world.now();
  return (providerState.of(world).tickets.get(suiteId) ?? [])
    .slice(-2)
    .filter((t) => t.pushedAt + PROVIDER_LIFETIMES.ticketMs > now);
}

/** Every suite of every provider. */
export const allSuites = (world: World): { provider: SeedProvider; suite: SeedSuite }[] =>
  (world.seed.providers ?? []).flatMap((provider) => provider.suites.map((suite) => ({ provider, suite })));

/**
 * The console's URL check (what the provider console does when the command URL is saved): a GET with an
 * encrypted echostr, expecting the plaintext back. Its receiveid is the provider's corpid, not the suite_id (WeCom
 * staff in the community, see service-providers.md "Crypto receiveid rules"); the data URL's check is the same
 * with `$CORPID$` read as the provider's corpid. Not a push: not retried, recorded in the provider's pushes.
 */
export async function verifySuiteUrl(
  world: World,
  provider: SeedProvider,
  suite: SeedSuite,
  which: 'command' | 'data' = 'command',
  /** A repeated automatic check: a failure is not logged again. */
  quiet = false,
): Promise<{ ok: boolean; status: number; reason?: string }> {
  const crypto = createCallbackCrypto({
    token: suite.token,
    encodingAESKey: suite.encodingAESKey,
    receiveId: provider.corpId,
  });
  const echo = String(Math.floor(Math.random() * 1e15));
  const timestamp = String(stamp(world));
  const nonce = nonceOf();
  const { encrypt, msgSignature } = crypto.encrypt(echo, { timestamp, nonce });
  const url = new URL(which === 'command' ? suite.commandUrl : dataUrlOf(suite, provider.corpId));
  for (const [k, v] of Object.entries({ msg_signature: msgSignature, timestamp, nonce, echostr: encrypt }))
    url.searchParams.set(k, v);
  let status = 0;
  let text = '';
  let error: string | undefined;
  try {
    const response = await world.outbound.fetch(url, {
      signal: AbortSignal.timeout(world.outbound.timeoutMs),
    });
    status = response.status;
    text = await response.text();
  } catch (cause) {
    error = `the server did not answer: ${(cause as Error).message}`;
  }
  const ok = status === 200 && text === echo;
  const reason = ok
    ? undefined
    : (error ??
      `expected exactly the decrypted echostr (receiveid ${provider.corpId}), got HTTP ${status} "${text.slice(0, 80)}"`);
  if (!ok && quiet) return { ok, status, ...(reason ? { reason } : {}) };
  providerState.of(world).pushes.push({
    at: world.now(),
    suiteId: suite.suiteId,
    to: 'verify',
    type: `GET ${which} URL check`,
    receiveId: provider.corpId,
    url: url.origin + url.pathname,
    status,
    answer: ok ? 'echostr' : text.slice(0, 200),
    ...(reason ? { error: reason } : {}),
  });
  if (ok && which === 'command') providerState.of(world).verified.set(suite.suiteId, world.now());
  return { ok, status, ...(reason ? { reason } : {}) };
}

/**
 * How soon the clock looks again at a suite whose app has not answered the URL check (or a push): 5 s, doubling
 * up to the 10 minutes of the ticket period, so an app started just after the emulator gets its ticket at once and
 * a URL nobody serves is asked rarely.
 */
export const CHECK_AGAIN_MS = 5_000;

/**
 * The ticket clock. The platform pushes a suite_ticket every 10 minutes once the command URL has been verified
 * (doc 90628), so a freshly started app waits up to 10 minutes for its first one. The emulator checks each
 * suite's command URL as the clock starts (and again after 5 s, 10 s, 20 s… up to 10 minutes of its clock until
 * the app answers), pushes a first ticket as soon as the check passes, then one every 10 minutes (sooner again
 * after a push the app did not take). Suites
 * whose app is not running stay quiet: no failed pushes, and only the first failed check in the provider log.
 * When the clock jumps (advance), one push goes out per wake-up, not one per missed period: only the newest two
 * tickets matter.
 */
export function startTicketClock(
  world: World,
  /** After each ticket the app took (pre-installs announce themselves then). */
  onTicket: (suiteId: string) => Promise<void> = async () => undefined,
): void {
  /** One look at a suite; the wait before the next, 0 meaning "all is well" (the ticket period). */
  const step = async (provider: SeedProvider, suite: SeedSuite, failures: number): Promise<boolean> => {
    if (!providerState.of(world).verified.get(suite.suiteId)) {
      const check = await verifySuiteUrl(world, provider, suite, 'command', failures > 0).catch(() => ({
        ok: false,
      }));
      if (!check.ok) return false;
    }
    const result = await pushTicket(world, suite).catch(() => ({ status: 0, error: 'failed' }));
    const taken = result.status === 200 && !('error' in result);
    if (taken) await onTicket(suite.suiteId).catch(() => undefined);
    return taken;
  };
  const schedule = (provider: SeedProvider, suite: SeedSuite, ms: number, failures: number) =>
    world.later(ms, () => {
      step(provider, suite, failures).then(
        (ok) =>
          ok
            ? schedule(provider, suite, PROVIDER_LIFETIMES.ticketPushMs, 0)
            : schedule(
                provider,
                suite,
                Math.min(CHECK_AGAIN_MS * 2 ** failures, PROVIDER_LIFETIMES.ticketPushMs),
                failures + 1,
              ),
        () => undefined,
      );
    });
  for (const { provider, suite } of allSuites(world)) schedule(provider, suite, 0, 0);
}

export const suiteOf = (world: World, suiteId: string) => findSuite(world, suiteId);
