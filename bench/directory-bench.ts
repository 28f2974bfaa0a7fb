// The emulator's directory reads at the caps (5000 members, 1000 departments): what one user/list, one
// user/simplelist and one message/send to @all cost. Prints milliseconds per request; no assertion.
import { createEmulator, defaultSeed } from '@wxkit/emulator';
import { DEMO_WECOM } from '@wxkit/test-support';
import { scale } from './smoke.js';

const seed = defaultSeed();
const corp = seed.wecom[0];
if (!corp) throw new Error('the default seed has a corp');
const DEPARTMENTS = 1000;
const MEMBERS = 5000;
// A wide tree under the root: 1000 departments, each member in one of them.
corp.departments = [
  { id: 1, name: '总部' },
  ...Array.from({ length: DEPARTMENTS - 1 }, (_, i) => ({
    id: i + 2,
    name: `部门${i + 2}`,
    parentId: 1 + Math.floor(i / 10),
  })),
];
corp.members = Array.from({ length: MEMBERS }, (_, i) => ({
  userid: `u${i}`,
  name: `成员${i}`,
  department: [2 + (i % (DEPARTMENTS - 1))],
}));
corp.tags = [];
const app = corp.apps.find((a) => a.agentId === DEMO_WECOM.agentId);
if (app) app.visibleTo = { departments: [1] };
seed.limits.apiPerMinute = 1_000_000;
const emu = await createEmulator({ seed });
const token = (
  (await (
    await emu.fetch(`/cgi-bin/gettoken?corpid=${DEMO_WECOM.corpId}&corpsecret=${DEMO_WECOM.corpSecret}`)
  ).json()) as { access_token: string }
).access_token;

async function time(name: string, rounds: number, call: () => Promise<Response>) {
  await (await call()).text();
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await (await call()).text();
  console.log(`  ${name.padEnd(44)} ${((performance.now() - started) / rounds).toFixed(2)} ms per request`);
}

console.log(`directory of ${MEMBERS} members in ${DEPARTMENTS} departments, the app sees all of it:`);
await time('user/simplelist?department_id=1&fetch_child=1', scale(10, 1), () =>
  emu.fetch(`/cgi-bin/user/simplelist?access_token=${token}&department_id=1&fetch_child=1`),
);
await time('user/list?department_id=1&fetch_child=1', scale(10, 1), () =>
  emu.fetch(`/cgi-bin/user/list?access_token=${token}&department_id=1&fetch_child=1`),
);
await time('message/send touser=@all', scale(5, 1), () =>
  emu.fetch(`/cgi-bin/message/send?access_token=${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      touser: '@all',
      agentid: DEMO_WECOM.agentId,
      msgtype: 'text',
      text: { content: 'hi' },
    }),
  }),
);
await emu.close();
