import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed } from '@wxkit/emulator';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, startSurvey } from '../src/index.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe('callbacks from the emulator to the survey app', () => {
  it('passes the callback URL check and answers a menu click with an encrypted reply', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'survey-cb-'));
    const placeholder = loadConfig({
      PORT: '0',
      WXKIT_EMULATOR_HOST: 'emulator.local',
      SURVEY_DB: join(dir, 'survey.db'),
    });
    const seed = defaultSeed();
    const emulator = await createEmulator({ seed });
    const survey = await startSurvey({
      config: placeholder,
      host: '127.0.0.1',
      fetch: emulator.fetch,
      store: createMemoryStore(),
      logger: silentLogger,
    });
    closers.push(() => survey.close());
    const app = seed.wecom[0]!.apps[0]!;
    const url = `http://127.0.0.1:${survey.port}/wx/events`;
    await emulator.fetch('/_emulator/state', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        seed: {
          ...seed,
          wecom: [{ ...seed.wecom[0], apps: [{ ...app, callback: { ...app.callback, url } }] }],
        },
      }),
    });

    const verified = await (
      await emulator.fetch('/_emulator/callback/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agentId: 1000002 }),
      })
    ).json();
    expect(verified).toEqual({ ok: true, status: 200 });

    const fired = (await (
      await emulator.fetch('/_emulator/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'click', key: 'RESULTS', userid: 'zhangsan' }),
      })
    ).json()) as { status: number; reply?: string };
    expect(fired.status).toBe(200);
    expect(fired.reply).toMatch(/<Content><!\[CDATA\[已有 0 人提交问卷，查看结果：/);

    const other = (await (
      await emulator.fetch('/_emulator/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'enter_agent', userid: 'lisi' }),
      })
    ).json()) as { status: number; reply?: string };
    expect(other).toMatchObject({ status: 200 });
    expect(other.reply).toBeUndefined();
  });
});
