import { Refusal } from '../../refusal.js';
import type { World } from '../../world.js';
import { authorise, cancel, issueAuthCode, revokeCorpTokens } from './authorise.js';
import { commandFields, sendToSuite } from './pushes.js';
import { findSuite, installOf } from './state.js';

/**
 * The authorisation events of the command URL (授权通知事件, doc 90642; 重置永久授权码通知 for 代开发), each
 * pushed through push.ts, encrypted with receiveid = suite_id. Each answers the push's outcome.
 */

const suiteNamed = (world: World, suiteId: string) => {
  const found = findSuite(world, suiteId);
  if (!found) throw new Refusal(`no suite ${suiteId} in the seed's providers`, 'not_found', 404);
  return found.suite;
};

const outcome = (result: Awaited<ReturnType<typeof sendToSuite>>) => ({
  status: result.status,
  answer: result.response,
  ...(result.error ? { error: result.error } : {}),
});

/**
 * An install from the app market (or a 代开发 QR link): create_auth {AuthCode (10 min), State}. Not sent for an
 * install from the provider's own site, which comes back to its redirect_uri instead (doc 90642).
 */
export async function marketInstall(
  world: World,
  suiteId: string,
  corpId: string,
  options: { userid?: string; state?: string } = {},
) {
  const suite = suiteNamed(world, suiteId);
  const { authCode, install } = authorise(world, suiteId, corpId, options);
  const result = await sendToSuite(
    world,
    suite,
    'command',
    commandFields(world, suite, 'create_auth', {
      AuthCode: authCode,
      ...(options.state ? { State: options.state } : {}),
    }),
  );
  return { corpId, agentId: install.agentId, push: outcome(result) };
}

/** The admin changed the visible range (change_auth {AuthCorpId}). */
export async function changeVisibleRange(
  world: World,
  suiteId: string,
  corpId: string,
  range: { departments?: number[]; users?: string[] },
) {
  const suite = suiteNamed(world, suiteId);
  const install = installOf(world, suiteId, corpId);
  const app = install && world.app(corpId, install.agentId);
  const corp = world.corp(corpId);
  if (!install || !app || !corp)
    throw new Refusal(`${corpId} has not installed ${suiteId}`, 'not_found', 404);
  const departments = range.departments ?? [];
  const users = range.users ?? [];
  const known = new Set(corp.departments.map((d) => d.id));
  if (!departments.every((d) => known.has(d)))
    throw new Refusal(`departments must be ids of ${corpId}'s departments (${[...known].join(', ')})`);
  if (!users.every((u) => world.member(corpId, u))) throw new Refusal(`users must be userids of ${corpId}`);
  app.visibleTo = { departments, users };
  const result = await sendToSuite(
    world,
    suite,
    'command',
    commandFields(world, suite, 'change_auth', { AuthCorpId: corpId }),
  );
  return { corpId, visibleTo: app.visibleTo, push: outcome(result) };
}

/** The corp removed the app (cancel_auth {AuthCorpId}): the tenant is gone, its tokens stop working. */
export async function cancelInstall(world: World, suiteId: string, corpId: string) {
  const suite = suiteNamed(world, suiteId);
  cancel(world, suiteId, corpId);
  const result = await sendToSuite(
    world,
    suite,
    'command',
    commandFields(world, suite, 'cancel_auth', { AuthCorpId: corpId }),
  );
  return { corpId, push: outcome(result) };
}

/**
 * 代开发 "重新获取secret" (and the console's reset): reset_permanent_code {AuthCorpId, AuthCode}. The old permanent
 * code stops working at once and the corp's tokens with it; the new AuthCode gets the new one (the emulator's
 * reading: the sources say a new AuthCode comes, not when the old code dies).
 */
export async function resetPermanentCode(world: World, suiteId: string, corpId: string) {
  const suite = suiteNamed(world, suiteId);
  const install = installOf(world, suiteId, corpId);
  if (!install) throw new Refusal(`${corpId} has not installed ${suiteId}`, 'not_found', 404);
  install.codeHash = '';
  revokeCorpTokens(world, install);
  const authCode = issueAuthCode(world, suiteId, corpId);
  const result = await sendToSuite(
    world,
    suite,
    'command',
    commandFields(world, suite, 'reset_permanent_code', { AuthCorpId: corpId, AuthCode: authCode }),
  );
  return { corpId, push: outcome(result) };
}
