import { createCallbackCrypto, flatFields, parseXmlTree } from '@wxkit/core';
import { UA } from '@wxkit/test-support';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { jssdkState, shot } from './helpers/browser.js';
import { DEMO_SUITE, useSurveyStage } from './helpers/survey-stage.js';

const stage = useSurveyStage({ isv: true });

/** The contract's two demo corps; each has a `zhangsan`, two different people. */
const CORP_1 = 'ww0123456789abcdef';
const CORP_2 = 'wwfedcba9876543210';
const SURVEY = 'workplace-2026';
/** The demo suite's one Token and EncodingAESKey (both callbacks), as the seed and the survey's defaults have them. */
const SUITE_KEYS = {
  token: 'isvtoken0123456789',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

const SUITE_CARD = `[data-suite="${DEMO_SUITE}"]`;
/** The emulator console's Providers page (suites, tenants, a button per control action). */
async function providersPage() {
  const page = await stage.browser.newPage({ userAgent: UA.desktop, viewport: { width: 1280, height: 900 } });
  await page.goto(`${stage.emulator.url}/_emulator/console/providers`);
  await page.waitForSelector(SUITE_CARD);
  return page;
}

const tenantOf = (corpId: string) => stage.survey.app.isv?.suite.tenants.get(corpId);
async function until(check: () => Promise<boolean> | boolean, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A member opens /isv/ inside WeCom: the silent login goes to the authorize page, where they pick themselves. */
async function openAs(page: Page, corpId: string, userid: string) {
  await page.goto(`${stage.appUrl}/isv/`);
  await page.click(`[data-login-as="${corpId}:${userid}"]`);
  await page.waitForSelector('#member-name');
  expect(page.url()).toBe(`${stage.appUrl}/isv/`);
  expect(await jssdkState(page)).toBe('ready');
  expect(await page.textContent('#jssdk')).toBe('JS-SDK: 已就绪');
}

/** Answers q1 (the commute) and q3 (the rating), submits, and waits for the thanks. */
async function answer(page: Page, commute: string, rating: number) {
  await page.check(`input[name="q1"][value="${commute}"]`);
  await page.click(`.rating label:nth-child(${rating})`);
  await page.click('form#survey button[type="submit"]');
  await page.waitForSelector('#done:not([hidden])');
}

const countOf = (page: Page, value: string) => page.textContent(`[data-count="${value}"]`);

// Two corps, two phones, the console: slower than one page under a loaded CI machine.
describe('the survey as a third-party app in (emulated) WeCom: two corps, install → login → JS-SDK → answer → cancel', {
  timeout: 60_000,
}, () => {
  let member1: Page;
  let member2: Page;

  it("installs into corp 1 from the app's own link (the install page's corp picker) and into corp 2 from the console (app market)", async () => {
    const admin = await stage.browser.newPage({
      userAgent: UA.desktop,
      viewport: { width: 1024, height: 800 },
    });
    await admin.goto(`${stage.appUrl}/isv/`);
    await shot(admin, 'survey-isv-visitor.png');
    await admin.click('#install');
    await admin.waitForSelector(`[data-install-as="${CORP_1}"]`);
    expect(new URL(admin.url()).pathname).toBe('/3rdapp/install');
    await shot(admin, 'survey-isv-install-picker.png');
    await admin.click(`[data-install-as="${CORP_1}"]`);
    await admin.waitForSelector('#installed-corp');
    expect(await admin.textContent('#installed-corp')).toBe(CORP_1);
    expect(await tenantOf(CORP_1)).toMatchObject({ corpId: CORP_1, kind: 'third-party' });
    await admin.close();
    // The app market (the console's Providers page): create_auth pushed to the command URL; the app answers
    // "success" and fetches the permanent code after.
    const providers = await providersPage();
    await providers.click(`${SUITE_CARD} button[data-action="install"][data-corp-id="${CORP_2}"]`);
    await until(async () => (await tenantOf(CORP_2)) !== undefined, "corp 2's tenant record");
    await providers.waitForSelector(`${SUITE_CARD} [data-tenant="${CORP_2}"]`);
    expect(await providers.locator(`${SUITE_CARD} [data-tenant]`).count()).toBe(2);
    await shot(providers, 'survey-isv-console-providers.png');
    await providers.close();
  });

  it('logs a member of corp 1 in on an iPhone, JS-SDK ready, and saves the answer in corp 1 only', async () => {
    member1 = await stage.browser.newPage({ userAgent: UA.wecomIOS, viewport: { width: 390, height: 844 } });
    await openAs(member1, CORP_1, 'zhangsan');
    expect(await member1.textContent('#member-name')).toBe('张三');
    await answer(member1, '地铁', 5);
    await shot(member1, 'survey-isv-corp1-done.png');
    expect(stage.survey.app.db.corp(CORP_1).submitted(SURVEY, 'zhangsan')).toBe(true);
    expect(stage.survey.app.db.corp(CORP_2).submitted(SURVEY, 'zhangsan')).toBe(false);
  });

  it("logs corp 2's zhangsan (another person) in on Android; neither corp sees the other's answers", async () => {
    member2 = await stage.browser.newPage({
      userAgent: UA.wecomAndroid,
      viewport: { width: 390, height: 844 },
    });
    await openAs(member2, CORP_2, 'zhangsan');
    expect(await member2.textContent('#member-name')).toBe('张珊');
    // Corp 1's zhangsan answered; corp 2's has not.
    expect(await member2.textContent('main')).not.toContain('你已提交过');
    await answer(member2, '自驾', 2);
    await member2.goto(`${stage.appUrl}/isv/results`);
    expect(await member2.textContent('#total')).toBe('1');
    expect(await countOf(member2, '自驾')).toBe('1');
    expect(await countOf(member2, '地铁')).toBe('0');
    await shot(member2, 'survey-isv-corp2-results.png');
    await member1.goto(`${stage.appUrl}/isv/results`);
    expect(await member1.textContent('#total')).toBe('1');
    expect(await countOf(member1, '地铁')).toBe('1');
    expect(await countOf(member1, '自驾')).toBe('0');
    await shot(member1, 'survey-isv-corp1-results.png');
  });

  it("lets corp 2's admin send the survey to a department of corp 2 only, with corp 2's agent", async () => {
    await member2.goto(`${stage.appUrl}/isv/admin`);
    // The departments are corp 2's (销售部 is its department 2; corp 1's 2 is another department).
    await member2.selectOption('form#send select[name="department"]', { label: '销售部' });
    await member2.click('form#send button[type="submit"]');
    await member2.waitForFunction(() => (document.getElementById('sent')?.textContent ?? '') !== '');
    expect(await member2.textContent('#sent')).toMatch(/^已发送给 2 /);
    await shot(member2, 'survey-isv-corp2-admin.png');
    const { messages } = (await (await fetch(`${stage.emulator.url}/_emulator/inbox`)).json()) as {
      messages: { corpId: string; agentId: number; delivered: string[] }[];
    };
    const last = messages.at(-1);
    expect(last).toMatchObject({ corpId: CORP_2, agentId: (await tenantOf(CORP_2))?.agentId });
    expect([...(last?.delivered ?? [])].sort()).toEqual(['limeimei', 'qianduoduo']);
  });

  it("answers a menu click on each corp's data callback (数据回调) with that corp's count", async () => {
    const resultsClick = async (corpId: string) => {
      const sent = await fetch(`${stage.emulator.url}/_emulator/providers/event`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          suiteId: DEMO_SUITE,
          corpId,
          type: 'click',
          key: 'RESULTS',
          userid: 'zhangsan',
        }),
      });
      const { status, answer } = (await sent.json()) as { status: number; answer: string };
      expect(status).toBe(200);
      // The emulator posted to /isv/wx/events/<corpId> sealed for that corp; the reply is sealed for it too.
      const f = flatFields(parseXmlTree(answer));
      const crypto = createCallbackCrypto({ ...SUITE_KEYS, receiveId: corpId });
      const reply = flatFields(
        parseXmlTree(
          crypto.decrypt({
            msgSignature: f['MsgSignature'] ?? '',
            timestamp: f['TimeStamp'] ?? '',
            nonce: f['Nonce'] ?? '',
            encrypt: f['Encrypt'] ?? '',
          }),
        ),
      );
      return reply['Content'] ?? '';
    };
    // Each corp has one answer (corp 1's zhangsan, corp 2's): a count of both would say 2.
    for (const corpId of [CORP_1, CORP_2])
      expect(await resultsClick(corpId)).toBe(`已有 1 人提交问卷，查看结果：${stage.appUrl}/isv/results`);
  });

  it("cancels corp 1's install: its data is gone, its member's session opens nothing and cannot log in again; corp 2 keeps its own", async () => {
    const providers = await providersPage();
    await providers.click(`${SUITE_CARD} [data-tenant="${CORP_1}"] button[data-action="cancel"]`);
    await until(() => stage.survey.app.db.corp(CORP_1).count(SURVEY) === 0, "corp 1's answers deleted");
    expect(await tenantOf(CORP_1)).toBeUndefined();
    await providers.waitForFunction((corp) => !document.querySelector(`[data-tenant="${corp}"]`), CORP_1);
    await providers.close();
    // The old session: the page starts a new login, which the emulator (and the kit) refuse for a corp that left.
    await member1.goto(`${stage.appUrl}/isv/results`);
    await member1.waitForURL((url) => url.pathname !== '/isv/results', { timeout: 10_000 });
    const login = member1.locator(`[data-login-as="${CORP_1}:zhangsan"]`);
    expect(await login.count()).toBe(0);
    expect(await member1.locator('#member-name').count()).toBe(0);
    await shot(member1, 'survey-isv-corp1-cancelled.png');
    await member2.goto(`${stage.appUrl}/isv/results`);
    expect(await member2.textContent('#total')).toBe('1');
    expect(stage.survey.app.db.corp(CORP_2).count(SURVEY)).toBe(1);
    await member1.close();
    await member2.close();
  });
});
