import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed, type Emulator } from '@wxkit/emulator';
import {
  loadConfig,
  registerOaCallback,
  requestSuiteTicket,
  type SurveyConfig,
  startSurvey,
} from '@wxkit/example-survey';
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
  /**
   * The third-party app edition: the demo suite's URLs and domains on the app's port, its command URL checked and
   * a first suite_ticket pushed (what the provider console does when the URL is saved).
   */
  isv?: boolean;
}

/** The contract's demo suite (packages/emulator/seeds/default.yaml, the survey's /isv/ defaults). */
export const DEMO_SUITE = 'wwsuitedemo0000001';

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
    for (const suite of seed.providers?.flatMap((p) => p.suites) ?? []) {
      if (suite.suiteId !== DEMO_SUITE) continue;
      const moved = (url: string) => url.replace('http://localhost:3000', stage.appUrl);
      suite.commandUrl = moved(suite.commandUrl);
      suite.dataUrl = moved(suite.dataUrl);
      if (suite.homeUrl) suite.homeUrl = moved(suite.homeUrl);
      suite.trustedDomains = [host];
      suite.redirectDomains = [host];
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
    if (options.isv) {
      const ticket = await requestSuiteTicket(stage.config);
      if (!ticket.ok) throw new Error(`the survey has no suite_ticket: ${ticket.reason}`);
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
