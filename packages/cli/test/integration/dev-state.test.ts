import { spawn } from 'node:child_process';
import { access, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsapiSignature } from '@wxkit/core';
import { freePort } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { BIN, devArgs, until, wxkit } from './support.js';

const CORP = 'ww0123456789abcdef';

/** An app that shows what wxkit dev handed it. */
const APP = `
import { createServer } from 'node:http';
const e = process.env;
createServer((req, res) => res.end(JSON.stringify({ corpId: e.WECOM_CORP_ID, agentId: e.WECOM_AGENT_ID,
  secret: e.WECOM_SECRET, session: (e.SESSION_SECRET ?? '').length }))).listen(Number(e.PORT));
`;

/** `wxkit dev` in `dir` until `body` is done, then SIGTERM; resolves to what `body` returned and dev's stderr. */
async function dev<T>(dir: string, extra: string[], body: (emu: string, app: string) => Promise<T>) {
  const [emulatorPort, appPort] = await Promise.all([freePort(), freePort()]);
  const run = wxkit(devArgs(emulatorPort, appPort, 'node app.mjs', ...extra), dir);
  try {
    const app = `http://127.0.0.1:${appPort}`;
    await until(() => fetch(app).then((r) => r.text()), 'the app');
    return { value: await body(`http://127.0.0.1:${emulatorPort}`, app), err: run.result.err };
  } finally {
    run.child.kill('SIGTERM');
    await run.exited;
  }
}

const ticketOf = async (emu: string) => {
  const { access_token } = await (
    await fetch(`${emu}/cgi-bin/gettoken?corpid=${CORP}&corpsecret=local-emulator-secret`)
  ).json();
  return (await (await fetch(`${emu}/cgi-bin/get_jsapi_ticket?access_token=${access_token}`)).json())
    .ticket as string;
};

/** What the emulator says about a page signed with `ticket` (as the app would, from its cache). */
const verify = async (emu: string, app: string, ticket: string) => {
  const url = `${app.replace('127.0.0.1', 'localhost')}/`;
  const signed = jsapiSignature({ ticket, nonceStr: 'n1', timestamp: 1_700_000_000, url });
  const response = await fetch(`${emu}/_emulator/jssdk/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      kind: 'config',
      appId: CORP,
      timestamp: 1_700_000_000,
      nonceStr: 'n1',
      signature: signed.signature,
      url,
    }),
  });
  return (await response.json()) as { ok: boolean; why?: string };
};

describe('wxkit dev in a project folder', () => {
  it("hands the seed's credentials to the app, keeps the emulator's state across restarts, and --fresh starts clean", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-dev-state-'));
    await new Promise((resolve) =>
      spawn(process.execPath, [BIN, 'init', '--framework', 'none'], { cwd: dir }).once('exit', resolve),
    );
    await writeFile(join(dir, 'app.mjs'), APP);
    const first = await dev(dir, [], async (emu, app) => ({
      env: await (await fetch(app)).json(),
      ticket: await ticketOf(emu),
    }));
    expect(first.value.env).toEqual({
      corpId: CORP,
      agentId: '1000002',
      secret: 'local-emulator-secret',
      session: 32,
    });
    await access(join(dir, '.wxkit', 'emulator-state.json'));

    // A restart: the ticket the app cached (in Redis, say) is still the emulator's.
    const again = await dev(dir, [], async (emu, app) => verify(emu, app, first.value.ticket));
    expect(again.value).toEqual({ ok: true });

    const fresh = await dev(dir, ['--fresh'], async (emu, app) => verify(emu, app, first.value.ticket));
    expect(fresh.value.ok).toBe(false);
    expect(fresh.value.why).toMatch(/earlier emulator run/);
  }, 90_000);
});
