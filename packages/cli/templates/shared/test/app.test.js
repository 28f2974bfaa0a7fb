// The app against the emulator, as `wxkit dev` runs it: a member logs in, /api/me answers them, and the JS-SDK
// config is signed for the page. `npm test` runs it (node --test); nothing here needs the network.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { createEmulator, loadSeed } from '@wxkit/emulator';

const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) wxwork/4.1.22 MicroMessenger/7.0.1';

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function until(url, ms) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

const cookiesOf = (response) => response.headers.getSetCookie().map((c) => c.split(';')[0]);

test('a member logs in, /api/me answers with them and the JS-SDK config is signed', {
  timeout: 120_000,
}, async (t) => {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const seed = loadSeed(await readFile(new URL('../wxkit.seed.yaml', import.meta.url), 'utf8'));
  // The seed trusts localhost:3000; this run's app listens on a free port.
  const corp = seed.wecom[0];
  const app = corp?.apps[0];
  const account = seed.officialAccounts[0];
  for (const a of corp?.apps ?? []) a.trustedDomains = a.webLoginDomains = [`localhost:${port}`];
  if (account) account.oauthDomains = account.jsDomains = [`localhost:${port}`];
  const emulator = await createEmulator({ port: 0, seed });
  t.after(() => emulator.close());
  const wecom = '__PLATFORM__' === 'wecom';
  const child = spawn('npm', ['run', 'serve'], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      WXKIT_EMULATOR_HOST: emulator.host,
      SESSION_SECRET: 'a-session-secret-for-the-generated-test-only',
      ...(wecom
        ? { WECOM_CORP_ID: corp.corpId, WECOM_AGENT_ID: String(app.agentId), WECOM_SECRET: app.secret }
        : { OA_APP_ID: account.appId, OA_SECRET: account.secret }),
    },
  });
  t.after(() => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
  });
  assert.equal((await until(`${origin}/`, 90_000)).status, 200);

  const start = await fetch(`${origin}/wx/login?redirect=%2F`, {
    redirect: 'manual',
    headers: { 'user-agent': UA },
  });
  assert.equal(start.status, 302);
  const jar = cookiesOf(start);
  const authorize = (start.headers.get('location') ?? '').replace('#wechat_redirect', '');
  const member = wecom ? corp.members[0].userid : account.followers[0].openid;
  const back = await fetch(`${authorize}&login_as=${encodeURIComponent(member)}`, { redirect: 'manual' });
  const callback = back.headers.get('location') ?? '';
  assert.match(callback, /[?&]code=/);
  const landed = await fetch(callback, {
    redirect: 'manual',
    headers: { cookie: jar.join('; '), 'user-agent': UA },
  });
  assert.equal(landed.status, 302);
  const cookie = [...jar, ...cookiesOf(landed)].join('; ');

  const me = await fetch(`${origin}/api/me`, { headers: { cookie } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).user.id, member);
  assert.equal((await fetch(`${origin}/api/me`)).status, 401);

  const config = await fetch(`${origin}/wx/jssdk/config?url=${encodeURIComponent(`${origin}/`)}`, {
    headers: { cookie },
  });
  assert.equal(config.status, 200);
  assert.match((await config.json()).signature, /^[0-9a-f]{40}$/);
});
