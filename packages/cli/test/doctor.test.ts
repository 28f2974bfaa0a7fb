import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, defaultSeed, type Emulator, type Seed } from '@wxkit/emulator';
import { DEMO_OA, DEMO_WECOM } from '@wxkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { capture } from './helpers.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A running app that serves one verification file with the given body. */
async function appServing(file: string, body: string): Promise<string> {
  const server: Server = createServer((req, res) => {
    if (req.url === `/${file}`) return res.end(body);
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(r)));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function emulatorWith(edit: (seed: Seed) => void): Promise<Emulator> {
  const seed = defaultSeed();
  edit(seed);
  const emu = await createEmulator({ port: 0, seed });
  closers.push(() => emu.close());
  return emu;
}

async function configFile(body: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'wxkit-doctor-')), 'wxkit.config.yaml');
  await writeFile(file, body);
  return file;
}

const weComConfig = (app: string, extra = '') => `platform: wecom
corpId: ww0123456789abcdef
agentId: 1000002
secret: \${WECOM_SECRET}
homeUrl: http://${app}/
trustedDomains: [${app}]
redirectUri: http://${app}/wx/callback
jssdkUrls: [http://${app}/survey]
${extra}`;

const SECRET = DEMO_WECOM.corpSecret;

async function doctor(file: string, env: Record<string, string>, json = true) {
  const c = capture(env);
  const code = await run(['doctor', '--config', file, ...(json ? ['--json'] : [])], c.io);
  return { code, text: c.text(), report: json ? JSON.parse(c.text()) : undefined };
}

type Report = { ok: boolean; checks: { name: string; status: string; detail: string; fix?: string }[] };
const named = (report: Report, name: string) => report.checks.find((c) => c.name === name);

describe('wxkit doctor asks the platform (WeCom)', () => {
  it('passes when the platform, the config and the running app agree', async () => {
    const app = await appServing('WW_verify_YpAqDE4xoAPsmGSK.txt', 'YpAqDE4xoAPsmGSK');
    const emu = await emulatorWith((s) => {
      const a = s.wecom[0]?.apps[0];
      if (a) Object.assign(a, { trustedDomains: [app], homeUrl: `http://${app}/` });
    });
    const file = await configFile(weComConfig(app, 'verifyFile: WW_verify_YpAqDE4xoAPsmGSK.txt\n'));
    const { code, report } = await doctor(file, { WECOM_SECRET: SECRET, WXKIT_EMULATOR_HOST: emu.host });
    expect(report).toMatchObject({ ok: true, platform: 'wecom' });
    expect(report.checks.every((c: { status: string }) => c.status === 'ok')).toBe(true);
    expect(code).toBe(0);
  });

  it('reports a trusted domain, home page and JS-SDK domain that differ on the platform, although the config agrees with itself', async () => {
    const app = await appServing('WW_verify_YpAqDE4xoAPsmGSK.txt', 'YpAqDE4xoAPsmGSK\n');
    // The admin set the production domain on the platform; the config (and its own trustedDomains) say the app's.
    const emu = await emulatorWith((s) => {
      const a = s.wecom[0]?.apps[0];
      if (a)
        Object.assign(a, { trustedDomains: ['survey.example.com'], homeUrl: 'https://survey.example.com/' });
    });
    const file = await configFile(weComConfig(app, 'verifyFile: WW_verify_YpAqDE4xoAPsmGSK.txt\n'));
    const env = { WECOM_SECRET: SECRET, WXKIT_EMULATOR_HOST: emu.host };
    const { code, report } = await doctor(file, env);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(named(report, 'redirect domain')).toMatchObject({ status: 'problem' });
    expect(named(report, 'redirect domain')?.detail).toContain('survey.example.com');
    expect(named(report, 'redirect domain')?.detail).toContain('50001');
    expect(named(report, `trusted domain ${app}`)).toMatchObject({ status: 'problem' });
    expect(named(report, 'home page')?.fix).toContain(`wxkit workbench set --home-url http://${app}/`);
    expect(named(report, `JS-SDK http://${app}/survey`)?.detail).toContain('80001');
    expect(named(report, 'verification file')?.detail).toContain('whitespace or a newline');
    expect(named(report, 'credentials and IP allow-list')?.status).toBe('ok');
    const text = await doctor(file, env, false);
    expect(text.code).toBe(1);
    expect(text.text).toMatch(/✗ redirect domain: .*\n {4}fix: set 可信域名 to 127\.0\.0\.1:\d+/);
  });

  it('names the IP the platform saw when it is not in the app allow-list (60020), and skips what needs a token', async () => {
    const emu = await emulatorWith((s) => {
      const a = s.wecom[0]?.apps[0];
      if (a) a.allowedIps = ['203.0.113.7'];
    });
    const file = await configFile(weComConfig('localhost:3000'));
    const { code, report } = await doctor(file, { WECOM_SECRET: SECRET, WXKIT_EMULATOR_HOST: emu.host });
    expect(code).toBe(1);
    const creds = named(report, 'credentials and IP allow-list');
    expect(creds?.detail).toContain('errcode 60020');
    expect(creds?.fix).toContain('企业可信IP');
    expect(creds?.fix).toContain('127.0.0.1');
    expect(named(report, 'app settings')?.status).toBe('skipped');
  });

  it('tells a wrong CorpID (40013) from a wrong secret (40001)', async () => {
    const emu = await emulatorWith(() => {});
    const file = await configFile(
      weComConfig('localhost:3000').replace('ww0123456789abcdef', 'ww-not-a-corp'),
    );
    const { report } = await doctor(file, { WECOM_SECRET: SECRET, WXKIT_EMULATOR_HOST: emu.host });
    expect(named(report, 'credentials and IP allow-list')?.detail).toContain('errcode 40013');
    expect(named(report, 'credentials and IP allow-list')?.fix).toContain('企业ID');
  });

  it('reports a verification file the app does not serve (is the app running?)', async () => {
    const emu = await emulatorWith(() => {});
    const app = await appServing('other.txt', '');
    const file = await configFile(
      weComConfig('localhost:3000', 'verifyFile: WW_verify_abc123.txt\n').replace(
        'homeUrl: http://localhost:3000/',
        `homeUrl: http://${app}/`,
      ),
    );
    const { report } = await doctor(file, { WECOM_SECRET: SECRET, WXKIT_EMULATOR_HOST: emu.host });
    expect(named(report, 'verification file')?.detail).toContain('answers HTTP 404');
  });
});

const oaConfig = (extra = '') => `platform: oa
appId: wx0123456789abcdef
secret: \${OA_SECRET}
homeUrl: http://localhost:3000/
trustedDomains: [localhost:3000]
redirectUri: http://localhost:3000/wx/callback
jssdkUrls: [http://localhost:3000/]
${extra}`;
const OA_SECRET = DEMO_OA.appSecret;

describe('wxkit doctor asks the platform (Official Account)', () => {
  it('passes against an emulator whose account has the domains', async () => {
    const emu = await emulatorWith(() => {});
    const { code, report } = await doctor(await configFile(oaConfig()), {
      OA_SECRET,
      WXKIT_EMULATOR_HOST: emu.host,
    });
    expect(report).toMatchObject({ ok: true, platform: 'oa' });
    expect(code).toBe(0);
  });

  it('names the IP missing from the whitelist (40164) with where to add it', async () => {
    const emu = await emulatorWith((s) => {
      const oa = s.officialAccounts[0];
      if (oa) oa.ipWhitelist = ['203.0.113.7'];
    });
    const { code, report } = await doctor(await configFile(oaConfig()), {
      OA_SECRET,
      WXKIT_EMULATOR_HOST: emu.host,
    });
    expect(code).toBe(1);
    expect(named(report, 'credentials and IP allow-list')?.detail).toContain('40164');
    expect(named(report, 'credentials and IP allow-list')?.fix).toContain('IP白名单');
    expect(named(report, 'credentials and IP allow-list')?.fix).toContain('the platform saw 127.0.0.1');
  });

  it('reports a wrong AppSecret, and an oauth / JS-SDK domain the account does not have', async () => {
    const emu = await emulatorWith((s) => {
      const oa = s.officialAccounts[0];
      if (oa) Object.assign(oa, { oauthDomains: ['wx.example.com'], jsDomains: ['wx.example.com'] });
    });
    const file = await configFile(oaConfig('verifyFile: MP_verify_abc.txt\n'));
    const wrong = await doctor(file, { OA_SECRET: 'nope', WXKIT_EMULATOR_HOST: emu.host });
    expect(named(wrong.report, 'credentials and IP allow-list')?.fix).toContain('AppSecret');
    const { report } = await doctor(file, { OA_SECRET, WXKIT_EMULATOR_HOST: emu.host });
    expect(named(report, 'redirect domain')?.detail).toContain('10003');
    expect(named(report, 'JS-SDK http://localhost:3000/')?.status).toBe('problem');
  });

  it('says plainly that the real platform has no API for the OA domains, and flags a port it would refuse', async () => {
    // No emulator: the real hosts, reached through an injected fetch that answers like the platform.
    const { diagnose } = await import('../src/doctor.js');
    const { loadConfig } = await import('../src/config.js');
    const file = await configFile(oaConfig());
    const io = capture({ OA_SECRET }).io;
    const platform = (async (input: string | URL | Request) => {
      const url = String(input instanceof Request ? input.url : input);
      const body = url.includes('/cgi-bin/token')
        ? { access_token: 'T', expires_in: 7200 }
        : { errcode: 0, errmsg: 'ok', ticket: 'J', expires_in: 7200 };
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const config = await loadConfig(io, file);
    const report = await diagnose(config, io, platform, platform);
    expect(named(report, 'oauth and JS-SDK domains')).toMatchObject({ status: 'skipped' });
    expect(named(report, 'redirect domain')?.detail).toContain('port');
  });
});

describe('wxkit doctor in Chinese', () => {
  it('gives the fixes in Chinese for a Chinese locale (a wrong secret: copy the Secret, not "try again later")', async () => {
    const emu = await emulatorWith(() => {});
    const file = await configFile(weComConfig('localhost:3000'));
    const c = capture({ WECOM_SECRET: 'wrong-secret', WXKIT_EMULATOR_HOST: emu.host, LANG: 'zh_CN.UTF-8' });
    expect(await run(['doctor', '--config', file], c.io)).toBe(1);
    expect(c.text()).toMatch(
      /解决：secret 不是这个应用的 Secret：从 应用管理 → AgentId 为 1000002 的应用 → Secret 复制/,
    );
    expect(c.text()).not.toMatch(/稍后重试/);
    const english = capture({
      WECOM_SECRET: 'wrong-secret',
      WXKIT_EMULATOR_HOST: emu.host,
      LANG: 'zh_CN.UTF-8',
    });
    await run(['doctor', '--config', file, '--lang', 'en'], english.io);
    expect(english.text()).toMatch(/fix: secret is not this app's Secret/);
  });
});
