import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shot } from './helpers/browser.js';

/** A page whose captures fail with `failures` in turn, then succeed; what it was asked is kept. */
function flakyPage(failures: Error[]) {
  const asked: string[] = [];
  const page = {
    async screenshot(options: { path: string; fullPage: boolean }) {
      asked.push(`screenshot fullPage=${options.fullPage}`);
      const failure = failures.shift();
      if (failure) throw failure;
      return Buffer.alloc(0);
    },
    async evaluate() {
      asked.push('frame');
    },
    async waitForTimeout() {},
  };
  return { page: page as unknown as Page, asked };
}

const unable = () =>
  new Error('page.screenshot: Protocol error (Page.captureScreenshot): Unable to capture screenshot');

describe('the screenshot helper', () => {
  it("takes the picture again after a frame when Chromium answers 'Unable to capture screenshot'", async () => {
    const { page, asked } = flakyPage([unable(), unable()]);
    await shot(page, 'retry.png');
    expect(asked).toEqual([
      'screenshot fullPage=true',
      'frame',
      'screenshot fullPage=true',
      'frame',
      'screenshot fullPage=true',
    ]);
  });

  it('gives up after three captures that could not be taken', async () => {
    const { page } = flakyPage([unable(), unable(), unable()]);
    await expect(shot(page, 'retry.png')).rejects.toThrow(/Unable to capture screenshot/);
  });

  it('does not retry any other failure (a closed page is a broken test, not a flake)', async () => {
    const { page, asked } = flakyPage([new Error('Target page, context or browser has been closed')]);
    await expect(shot(page, 'retry.png', { fullPage: false })).rejects.toThrow(/closed/);
    expect(asked).toEqual(['screenshot fullPage=false']);
  });
});
