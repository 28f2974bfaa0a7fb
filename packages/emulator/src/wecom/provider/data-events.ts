import { Refusal } from '../../refusal.js';
import type { World } from '../../world.js';
import { commandFields, sendToSuite } from './pushes.js';
import { findSuite, installOf, openUserId } from './state.js';

type Body = Record<string, unknown>;

/**
 * An event of an installed corp on the suite's data URL (数据回调; `$CORPID$` replaced, receiveid = the corp id):
 * the message an app of the corp gets (`type`: an event such as enter_agent or click, or `text`).
 */
export async function sendDataEvent(world: World, suiteId: string, corpId: string, body: Body) {
  const found = findSuite(world, suiteId);
  const install = installOf(world, suiteId, corpId);
  if (!found || !install) throw new Refusal(`${corpId} has not installed ${suiteId}`, 'not_found', 404);
  const type = typeof body['type'] === 'string' && body['type'] ? body['type'] : 'enter_agent';
  const userid =
    typeof body['userid'] === 'string' && body['userid']
      ? body['userid']
      : (world.corp(corpId)?.members[0]?.userid ?? '');
  if (!world.member(corpId, userid))
    throw new Refusal(`${userid} is not a member of ${corpId}`, 'not_found', 404);
  const common = { ToUserName: corpId, FromUserName: userid, CreateTime: Math.floor(world.now() / 1000) };
  const fields =
    type === 'text'
      ? {
          ...common,
          MsgType: 'text',
          Content: String(body['content'] ?? ''),
          MsgId: String(world.now()),
          AgentID: install.agentId,
        }
      : {
          ...common,
          MsgType: 'event',
          Event: type,
          EventKey: String(body['key'] ?? ''),
          AgentID: install.agentId,
        };
  const result = await sendToSuite(world, found.suite, 'data', fields, corpId);
  return {
    corpId,
    type,
    status: result.status,
    answer: result.response,
    ...(result.error ? { error: result.error } : {}),
  };
}

/**
 * A directory change of a corp where a third-party suite is installed: change_contact on the suite's command URL
 * (成员通知事件 doc 90639: `<SuiteId><AuthCorpId><InfoType>change_contact…`, receiveid = suite_id), with the
 * member's OpenUserID. 代开发 apps get it on their data URL as a self-built app does (doc 96302, through the
 * corp's app callback).
 */
export async function pushContactChange(world: World, corpId: string, changeType: string, userid: string) {
  const results = [];
  for (const { suite, provider } of (world.seed.providers ?? []).flatMap((p) =>
    p.suites.map((s) => ({ suite: s, provider: p })),
  )) {
    const install = installOf(world, suite.suiteId, corpId);
    if (suite.kind !== 'third-party' || !install) continue;
    // Members in the app's visible range only (a deleted member is gone: told to every installed suite).
    const corp = world.corp(corpId);
    const app = world.app(corpId, install.agentId);
    const member = world.member(corpId, userid);
    if (member && corp && app && !world.visible(corp, app, member)) continue;
    const fields = commandFields(world, suite, 'change_contact', {
      AuthCorpId: corpId,
      ChangeType: changeType,
      UserID: userid,
      OpenUserID: openUserId(provider.corpId, corpId, userid),
    });
    const result = await sendToSuite(world, suite, 'command', fields, corpId);
    results.push({ suiteId: suite.suiteId, status: result.status });
  }
  return results;
}
