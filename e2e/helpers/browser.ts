import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/** Debian's Chromium, headless; never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A full-page screenshot kept under e2e/artifacts (CI keeps them; readable proof of what the page showed).
 * Quirk: headless Chromium now and then answers Page.captureScreenshot with "Unable to capture screenshot" when no
 * frame has been composited yet (seen once in a full `npm test` on a 2-core machine, on a page whose text the test
 * had just read): the picture is evidence, not the assertion, so a failed capture is tried again after a frame.
 */
export async function shot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  const tries = 3;
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot({ path: join(ARTIFACTS, name), fullPage });
      return;
    } catch (error) {
      if (attempt >= tries || !/Unable to capture screenshot/.test(String(error))) throw error;
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
      await page.waitForTimeout(100 * attempt);
    }
  }
}

/**
 * Waits until the page says how its JS-SDK setup ended (`<body data-jssdk>`: ready, or the error) and returns it.
 * Quirk: during a navigation or a dev server's reload `document.body` is null for a moment, and a predicate that
 * throws ends the wait at once (seen with Next.js dev), so the body is read with `?.`.
 */
export async function jssdkState(page: Page, timeout = 15_000): Promise<string> {
  await page.waitForFunction(() => document.body?.dataset['jssdk'] !== undefined, undefined, { timeout });
  return (await page.getAttribute('body', 'data-jssdk')) ?? '';
}
