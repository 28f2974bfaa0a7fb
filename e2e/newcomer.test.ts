import { rm } from 'node:fs/promises';
import { freePort, UA } from '@wxkit/test-support';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jssdkState, launchChromium, shot } from './helpers/browser.js';
import { answering, initApp, packAll, startDev } from './helpers/packed-app.js';

// The newcomer's path, outside the monorepo, from packed tarballs: wxkit init → npm install → npm run dev → a member
// logs in and the JS-SDK is ready in Chromium; dev stopped and started again → still ready (the jsapi ticket the
// app cached in Redis is still the emulator's). Measured on 2 shared cores: Express ≈ 40 s (install 19 s), NestJS
// ≈ 50 s (install 25 s), Next.js ≈ 160 s (install 33 s, then `next dev` compiles each route on first use; 300 s
// on a loaded machine). All three run by default (issue 23 asks for all three in CI); WXKIT_E2E_FRAMEWORKS=express
// picks some for a quicker local run.
const FRAMEWORKS = (process.env['WXKIT_E2E_FRAMEWORKS'] ?? 'express,nestjs,nextjs')
  .split(',')
  .filter(Boolean);

let browser: Browser;
let tarballs: string;
beforeAll(async () => {
  [tarballs, browser] = await Promise.all([packAll(), launchChromium()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (tarballs) await rm(tarballs, { recursive: true, force: true });
});

describe('from an empty folder to a running app, from packed tarballs', () => {
  for (const framework of FRAMEWORKS) {
    it(`${framework}: init → dev → login and JS-SDK ready; dev restarted → still ready`, async () => {
      const { dir, installS } = await initApp(framework, tarballs);
      console.log(`[newcomer] ${framework}: npm install from the tarballs took ${installS.toFixed(1)} s`);
      const [emulatorPort, appPort] = await Promise.all([freePort(), freePort()]);
      const args = ['--port', String(emulatorPort), '--app-port', String(appPort)];
      // Redis as the store, as in the README: credentials the app caches outlive the app and the emulator.
      const env = { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `e2e-newcomer-${appPort}:` };
      const app = `http://localhost:${appPort}/`;
      let dev = startDev(dir, args, env);
      const page = await browser.newPage({
        userAgent: UA.wecomAndroid,
        viewport: { width: 390, height: 844 },
      });
      try {
        await answering(app, 120_000);
        await page.goto(app);
        await page.click('[data-login-as="zhangsan"]', { timeout: 60_000 });
        expect(await jssdkState(page, 60_000)).toBe('ready');
        expect(await page.textContent('h1')).toContain('张三');
        await shot(page, `newcomer-${framework}.png`);

        await dev.stop();
        dev = startDev(dir, args, env);
        await answering(app, 120_000);
        await page.reload();
        expect(await jssdkState(page, 60_000)).toBe('ready');
        expect(dev.output()).toMatch(/emulator state\s+kept in \.wxkit\/emulator-state\.json/);
      } catch (error) {
        console.log(`[newcomer] ${framework} dev output:\n${dev.output()}`);
        throw error;
      } finally {
        await page.close();
        await dev.stop();
      }
      // next dev may still be writing its cache as it exits.
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => {});
    }, 420_000);
  }
});
