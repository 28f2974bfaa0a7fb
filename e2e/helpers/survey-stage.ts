import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed, type Emulator } from '@wxkit/emulator';
import { loadConfig, registerOaCallback, type SurveyConfig, startSurvey } from '@wxkit/example-survey';
import { freePort } from '@wxkit/test-support';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';

/** The reference survey on localhost:PORT (both editions), the emulator trusting it, Chromium. */
export interface SurveyStage {
  browser: Browser;
  emulator: Emulator;
  survey: Awaited<ReturnType<typeof startSurvey>>;
  config: SurveyConfig;
  /** `http://localhost:PORT`. */
  appUrl: string;
}

export interface SurveyStageOptions {
  /** Save the WeCom app's callback URL in the seed (card taps, menu events reach the survey). */
  wecomCallback?: boolean;
  /** Save the Official Account's server URL in the emulator, as its owner does once in the MP console. */
  oaCallback?: boolean;
}

/** Registers the suite's beforeAll/afterAll and returns the stage they fill in. */
export function useSurveyStage(options: SurveyStageOptions = {}): SurveyStage {
  const stage = {} as SurveyStage;
  beforeAll(async () => {
    const port = await freePort();
    stage.appUrl = `http://localhost:${port}`;
    const host = `localhost:${port}`;
    const seed = defaultSeed();
    const app = seed.wecom[0]?.apps[0];
    if (app) {
      app.trustedDomains = [host];
      app.webLoginDomains = [host];
      app.homeUrl = `${stage.appUrl}/`;
      if (options.wecomCallback && app.callback) app.callback.url = `${stage.appUrl}/wx/events`;
    }
    const account = seed.officialAccounts[0];
    if (account) {
      account.oauthDomains = [host];
      account.jsDomains = [host];
    }
    stage.emulator = await createEmulator({ port: 0, seed });
    const dir = await mkdtemp(join(tmpdir(), 'survey-e2e-'));
    stage.config = loadConfig({
      PORT: String(port),
      WXKIT_EMULATOR_HOST: stage.emulator.host,
      SURVEY_DB: join(dir, 'survey.db'),
    });
    stage.survey = await startSurvey({ config: stage.config, host: '127.0.0.1', logger: silentLogger });
    if (options.oaCallback) {
      const saved = await registerOaCallback(stage.config);
      if (saved['ok'] !== true)
        throw new Error(`the emulator refused the survey's OA server URL: ${JSON.stringify(saved)}`);
    }
    stage.browser = await launchChromium();
  });
  afterAll(async () => {
    await stage.browser?.close();
    await stage.survey?.close();
    await stage.emulator?.close();
  });
  return stage;
}
