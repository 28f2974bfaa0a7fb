import { createHash } from 'node:crypto';
import { flatFields, isWxCryptoError, type Logger, parseXmlTree, type Store, xmlChild } from '@wxkit/core';
import type { SuiteClient, Tenant } from '@wxkit/core/provider';
import type { ProviderEvent } from '../apps/provider-commands.js';
import type { WxCall, WxReply } from '../call.js';
import { errorReply, text } from '../http.js';
import type { Keys } from '../keys.js';
import { readQuery } from './event-config.js';
import { deliverOnce } from './event-delivery.js';

/** `commands` of createWxServer: the 指令回调 of the suite, as set in 服务商管理端 → 应用管理 → 回调配置. */
export interface CommandOptions {
  token: string;
  encodingAESKey: string;
  /** The provider's own CorpID: the receive id of the console's URL check (GET), not of the pushes. */
  providerCorpId: string;
}

/** How a provider app opens its command callback; built by its strategy from the checked options. */
export interface CommandSetup {
  suite: SuiteClient;
  /** The console's URL check (receive id: the provider corpid): the echostr to answer. */
  verifyUrl(params: URLSearchParams): string;
  /** A push (receive id: the suite_id): the decrypted XML, or a WxCryptoError. */
  decrypt(query: { msgSignature: string; timestamp: string; nonce: string; encrypt: string }): string;
}

const MAX_BODY = 64 * 1024;
const WINDOW_S = 300;

export interface CommandContext {
  store: Store;
  key: Keys;
  clock: () => number;
  logger: Logger;
  /** Runs work after the answer (default: unawaited; pass your platform's waitUntil on serverless hosts). */
  schedule(task: () => Promise<void>): void;
  queue: {
    record(code: string, infoType: string, state?: string): Promise<void>;
    spendNow(code: string): Promise<Tenant | undefined>;
    drain(): Promise<void>;
  };
  emit(event: ProviderEvent): Promise<void>;
}

/**
 * GET|POST {prefix}/suite/commands. "success" goes back as soon as what the push says is in the store (a ticket,
 * a removal, an auth_code to spend): the permanent-code fetch of create_auth runs after the answer (the platform
 * wants one within 1000 ms), from the stored code, so a process that dies in between loses nothing.
 */
export async function commands(ctx: CommandContext, setup: CommandSetup, call: WxCall): Promise<WxReply> {
  const params = call.url.searchParams;
  const { suite } = setup;
  try {
    if (call.method === 'GET') return text(setup.verifyUrl(params));
    const q = readQuery(params, ['msg_signature', 'timestamp', 'nonce']);
    if (Math.abs(Math.floor(ctx.clock() / 1000) - Number(q.timestamp)) > WINDOW_S)
      return errorReply(403, {
        code: 'stale_callback',
        message: `timestamp is more than ${WINDOW_S} s from now`,
      });
    const body = await call.text(MAX_BODY);
    if (body === undefined)
      return errorReply(413, { code: 'too_large', message: `Callback bodies are at most ${MAX_BODY} bytes` });
    const envelope = parseXmlTree(body, { maxLength: MAX_BODY });
    const plain = setup.decrypt({
      msgSignature: q.msg_signature,
      timestamp: q.timestamp,
      nonce: q.nonce,
      encrypt: xmlChild(envelope, 'Encrypt')?.text ?? '',
    });
    const f = flatFields(parseXmlTree(plain, { maxLength: MAX_BODY }));
    // Signed with our key and receive id, yet for another suite (one key shared by two suites): not ours.
    if (f.SuiteId !== suite.suiteId)
      return errorReply(403, {
        code: 'wrong_suite',
        message: `The push is for suite ${f.SuiteId ?? '(none)'}, not ${suite.suiteId}`,
        hint: 'Give each suite its own command URL (or its own token and key)',
      });
    const infoType = f.InfoType ?? '';
    // Hashed: the id becomes a store key, and an auth_code or ticket is never kept in clear.
    const id = createHash('sha256')
      .update(`cmd:${infoType}:${f.TimeStamp ?? ''}:${f.AuthCode ?? f.AuthCorpId ?? f.SuiteTicket ?? ''}`)
      .digest('base64url');
    const after: (() => Promise<void>)[] = [];
    const outcome = await deliverOnce(ctx, id, async () => {
      const corpId = f.AuthCorpId;
      if (infoType === 'suite_ticket' && f.SuiteTicket) {
        await suite.tickets.receive(f.SuiteTicket, Number(f.TimeStamp) || undefined);
        after.push(() => ctx.emit({ type: 'ticket', suiteId: suite.suiteId, infoType }));
      } else if ((infoType === 'create_auth' || infoType === 'reset_permanent_code') && f.AuthCode) {
        await ctx.queue.record(f.AuthCode, infoType, f.State || undefined);
      } else if (infoType === 'cancel_auth' && corpId) {
        if (await suite.tenants.remove(corpId))
          after.push(() => ctx.emit({ type: 'uninstalled', suiteId: suite.suiteId, corpId, infoType }));
      } else if (infoType === 'change_auth' && corpId) {
        after.push(() => ctx.emit({ type: 'changed', suiteId: suite.suiteId, corpId, infoType }));
      } else ctx.logger.info('provider command not handled', { infoType });
    });
    if (outcome.kind === 'busy')
      return errorReply(
        503,
        { code: 'in_progress', message: 'This push is being handled' },
        { 'retry-after': '5' },
      );
    // Every push also spends codes left by a process that died after recording them.
    for (const task of [...after, () => ctx.queue.drain()])
      ctx.schedule(() =>
        task().catch((error: unknown) =>
          ctx.logger.error('provider command follow-up failed', {
            infoType,
            error: error instanceof Error ? error.message : String(error),
          }),
        ),
      );
    return text('success');
  } catch (error) {
    if (isWxCryptoError(error))
      return errorReply(error.errcode === -40001 ? 401 : 400, {
        code: 'bad_callback',
        message: error.message,
        errcode: error.errcode,
        hint: 'Check commands.token, commands.encodingAESKey and commands.providerCorpId against 服务商管理端',
      });
    throw error;
  }
}
