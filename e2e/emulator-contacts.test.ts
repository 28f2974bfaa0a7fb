import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCallbackCrypto, parseXml } from '@wxkit/core';
import { createEmulator, defaultSeed, type Emulator } from '@wxkit/emulator';
import { DEMO_CALLBACK, DEMO_WECOM } from '@wxkit/test-support';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shot } from './helpers/browser.js';

let browser: Browser;
let emulator: Emulator;
const received: Record<string, string>[] = [];
let app: ReturnType<typeof createServer>;

beforeAll(async () => {
  // The app: decrypts what the console's buttons make the emulator send.
  const crypto = createCallbackCrypto({ ...DEMO_CALLBACK, receiveId: DEMO_WECOM.corpId });
  app = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      received.push(
        parseXml(
          crypto.decrypt({
            msgSignature: q.get('msg_signature') ?? '',
            timestamp: q.get('timestamp') ?? '',
            nonce: q.get('nonce') ?? '',
            encrypt: parseXml(body)['Encrypt'] ?? '',
          }),
        ),
      );
      res.end('success');
    });
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const seed = defaultSeed();
  const survey = seed.wecom[0]?.apps[0];
  if (survey)
    survey.callback = {
      ...DEMO_CALLBACK,
      url: `http://127.0.0.1:${(app.address() as AddressInfo).port}/wx/events`,
    };
  emulator = await createEmulator({ port: 0, seed });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  app?.close();
});

const CORP1 = 'ww0123456789abcdef';
const FORM = `form[data-add-form][data-corp="${CORP1}"]`;

describe('the console directory page', () => {
  it('adds a member with the form and removes one with its button, each sending change_contact to the app', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(emulator.url);
    await page.click('nav a[href="/_emulator/console/contacts"]');
    await page.waitForSelector(FORM);
    // The default seed has two corps (the second one for the provider demo); this test works on the first.
    expect(await page.locator(`tr[data-member]:has(button[data-corp="${CORP1}"])`).count()).toBe(12);
    expect(await page.textContent('body')).toContain('技术委员会');

    await page.fill(`${FORM} input[name="userid"]`, 'qianshi');
    await page.fill(`${FORM} input[name="name"]`, '钱十');
    await page.selectOption(`${FORM} select[name="department"]`, '3');
    await page.click(`${FORM} button[data-add-member]`);
    await page.waitForSelector('tr[data-member="qianshi"]', { timeout: 10_000 });
    expect(received.at(-1)).toMatchObject({ ChangeType: 'create_user', UserID: 'qianshi', Department: '3' });
    await shot(page, 'console-contacts.png');

    await page.click(`button[data-corp="${CORP1}"][data-remove-member="lisi"]`);
    await page.waitForSelector('tr[data-member="lisi"]', { state: 'detached', timeout: 10_000 });
    expect(received.at(-1)).toMatchObject({ ChangeType: 'delete_user', UserID: 'lisi' });

    // A refused change says why and changes nothing.
    await page.fill(`${FORM} input[name="userid"]`, 'zhangsan');
    await page.fill(`${FORM} input[name="name"]`, '又一个张三');
    await page.click(`${FORM} button[data-add-member]`);
    await page.waitForFunction(
      () => document.getElementById('contacts-result')?.dataset['state'] === 'refused',
      null,
      {
        timeout: 10_000,
      },
    );
    expect(await page.textContent('#contacts-result')).toContain('60102');
    expect(received).toHaveLength(2);
    await page.close();
  });
});
