import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator, defaultSeed, type Emulator, type Seed } from '@wxkit/emulator';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { shot as keepShot, launchChromium } from './browser.js';

/** What an end-to-end test plays on: a page site on a free port, the emulator trusting it, Chromium. */
export interface Stage {
  browser: Browser;
  emulator: Emulator;
  site: Server;
  port: number;
  /** `http://127.0.0.1:PORT` of the site. */
  origin: string;
  /** `127.0.0.1:PORT`: what the seed must trust. */
  host: string;
}

export interface StageOptions {
  /** Serves the site's pages (tests may also swap `stage.site`'s request listeners). */
  site?: RequestListener;
  /**
   * Makes the seed trust the site; by default the demo WeCom app's trusted domains get `host`. Gets the port too,
   * for tests that serve the site as `localhost:PORT`.
   */
  trust?: (seed: Seed, host: string, port: number) => void;
}

const trustWeComApp = (seed: Seed, host: string) => {
  seed.wecom[0]?.apps[0]?.trustedDomains.push(host);
};

/** Registers the suite's beforeAll/afterAll and returns the stage they fill in. */
export function useStage(options: StageOptions = {}): Stage {
  const stage = {} as Stage;
  beforeAll(async () => {
    stage.site = createServer(options.site);
    await new Promise<void>((resolve) => stage.site.listen(0, '127.0.0.1', resolve));
    stage.port = (stage.site.address() as AddressInfo).port;
    stage.host = `127.0.0.1:${stage.port}`;
    stage.origin = `http://${stage.host}`;
    const seed = defaultSeed();
    (options.trust ?? trustWeComApp)(seed, stage.host, stage.port);
    stage.emulator = await createEmulator({ port: 0, seed });
    stage.browser = await launchChromium();
  });
  afterAll(async () => {
    await stage.browser?.close();
    await stage.emulator?.close();
    await new Promise((resolve) => stage.site?.close(resolve));
  });
  return stage;
}

/** Makes the site answer every request with `listener` from now on (tests that change the page per case). */
export function serve(stage: Stage, listener: RequestListener): void {
  stage.site.removeAllListeners('request');
  stage.site.on('request', listener);
}

/** Makes the site answer every request with this HTML page. */
export function serveHtml(stage: Stage, html: string): void {
  serve(stage, (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
}

/**
 * Opens `url` in a fresh tab with this user agent, waits until the page's `#out` no longer says "waiting", keeps a
 * screenshot under e2e/artifacts and returns what `#out` says.
 */
export async function readOut(
  stage: Stage,
  url: string,
  { userAgent, shot, timeoutMs = 15_000 }: { userAgent: string; shot: string; timeoutMs?: number },
): Promise<string> {
  const page = await stage.browser.newPage({ userAgent });
  try {
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'waiting', undefined, {
      timeout: timeoutMs,
    });
    await keepShot(page, shot, { fullPage: false });
    return (await page.textContent('#out')) ?? '';
  } finally {
    await page.close();
  }
}
