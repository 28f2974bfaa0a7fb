import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, type Emulator } from '@wxkit/emulator';
import { DEMO_OA, DEMO_WECOM } from '@wxkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { CORP, KEYS, verifyUrl } from './crypt-sample.js';
import { capture } from './helpers.js';

// The README's promise: --json prints one JSON document on stdout for every command, success or not; exit 0 ok,
// 1 a problem found, 2 bad usage. Each row runs one command with --json and checks both.
let emu: Emulator;
let dir: string;
let wecom: string;
let oa: string;
let env: Record<string, string>;

const CRYPT = [...KEYS, ...CORP, '--timestamp', '1409659589', '--nonce', '1'];
const SIGN = ['--ticket', 't', '--noncestr', 'n', '--timestamp', '1414587457', '--url', 'http://a.example/'];
const OA_CONFIG = `platform: oa
appId: wx0123456789abcdef
secret: \${OA_SECRET}
homeUrl: http://localhost:3000/
trustedDomains: [localhost:3000]
menu:
  button:
    - { type: view, name: 问卷, url: "http://localhost:3000/" }
`;

beforeAll(async () => {
  emu = await createEmulator({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'wxkit-json-'));
  env = {
    WECOM_SECRET: DEMO_WECOM.corpSecret,
    OA_SECRET: DEMO_OA.appSecret,
    WXKIT_EMULATOR_HOST: emu.host,
  };
  expect(await run(['init'], capture(env, dir).io)).toBe(0);
  wecom = join(dir, 'wxkit.config.yaml');
  oa = join(dir, 'oa.yaml');
  await writeFile(oa, OA_CONFIG);
  await writeFile(
    join(dir, 'menu.json'),
    JSON.stringify({ button: [{ type: 'click', name: 'x', key: 'K' }] }),
  );
  await writeFile(join(dir, 'bad-menu.json'), JSON.stringify({ button: [{ type: 'view', name: 'x' }] }));
  await writeFile(join(dir, 'template.yaml'), 'type: normal\n');
});
afterAll(async () => {
  await emu.close();
});

type Row = [label: string, args: () => string[], code: 0 | 1 | 2, shape?: Record<string, unknown>];

const rows: Row[] = [
  ['auth-url (WeCom)', () => ['auth-url', '--config', wecom], 0, { ok: true, platform: 'wecom' }],
  ['auth-url (OA)', () => ['auth-url', '--config', oa, '--scope', 'snsapi_userinfo'], 0, { platform: 'oa' }],
  [
    'auth-url off the trusted domains',
    () => ['auth-url', '--config', wecom, '--redirect-uri', 'http://evil.example/'],
    1,
  ],
  [
    'auth-url with a scope of the other platform',
    () => ['auth-url', '--config', oa, '--scope', 'snsapi_privateinfo'],
    2,
  ],
  [
    'crypt encrypt',
    () => ['crypt', 'encrypt', ...CRYPT, '--message', 'hi'],
    0,
    { ok: true, action: 'encrypt' },
  ],
  [
    'crypt verify-url',
    () => verifyUrl(),
    0,
    { ok: true, action: 'verify-url', plaintext: '1616140317555161061' },
  ],
  ['crypt verify-url without --echostr', () => ['crypt', 'verify-url', ...CRYPT, '--msg-signature', 'x'], 2],
  [
    'crypt decrypt with a wrong signature',
    () => ['crypt', 'decrypt', ...CRYPT, '--msg-signature', 'x', '--encrypt', 'AAAA'],
    1,
  ],
  ['doctor (WeCom)', () => ['doctor', '--config', wecom], 0, { ok: true, platform: 'wecom' }],
  ['doctor (OA)', () => ['doctor', '--config', oa], 0, { ok: true, platform: 'oa' }],
  ['explain', () => ['explain', '40001', '--platform', 'wecom'], 0, { errcode: 40001 }],
  ['explain an unknown code', () => ['explain', '987654'], 1],
  ['explain a word', () => ['explain', 'abc'], 2],
  ['init where files exist', () => ['init'], 1],
  ['init for an unknown platform', () => ['init', '--platform', 'mp'], 2],
  [
    'menu validate',
    () => ['menu', 'validate', join(dir, 'menu.json'), '--platform', 'wecom'],
    0,
    { ok: true },
  ],
  [
    'menu validate, invalid',
    () => ['menu', 'validate', join(dir, 'bad-menu.json'), '--platform', 'oa'],
    1,
    { ok: false },
  ],
  [
    'menu validate, platform from the config',
    () => ['menu', 'validate', join(dir, 'menu.json'), '--config', oa],
    0,
    { platform: 'oa' },
  ],
  [
    'menu validate, no platform anywhere',
    () => ['menu', 'validate', join(dir, 'menu.json'), '--config', join(dir, 'none.yaml')],
    2,
  ],
  [
    'menu validate without a file reads the config menu',
    () => ['menu', 'validate', '--config', oa],
    0,
    { ok: true, platform: 'oa' },
  ],
  ['menu validate, no file', () => ['menu', 'validate', join(dir, 'none.json'), '--platform', 'oa'], 2],
  ['menu diff (WeCom)', () => ['menu', 'diff', '--config', wecom], 0, { platform: 'wecom' }],
  ['menu pull (OA) before any push', () => ['menu', 'pull', '--config', oa], 1],
  ['menu diff (OA)', () => ['menu', 'diff', '--config', oa], 0, { platform: 'oa' }],
  ['menu push (OA)', () => ['menu', 'push', '--config', oa], 0, { pushed: true }],
  ['menu pull (OA)', () => ['menu', 'pull', '--config', oa], 0, { menu: { button: [{ name: '问卷' }] } }],
  ['menu push (WeCom)', () => ['menu', 'push', '--config', wecom], 0, { pushed: true }],
  ['menu pull (WeCom)', () => ['menu', 'pull', '--config', wecom], 0, { platform: 'wecom' }],
  [
    'menu push with an invalid local menu',
    () => ['menu', 'push', '--config', oa, '--file', join(dir, 'bad-menu.json')],
    1,
  ],
  ['qr', () => ['qr', 'http://localhost:3000/'], 0, { ok: true, url: 'http://localhost:3000/' }],
  ['qr of something that is not a link', () => ['qr', 'localhost:3000'], 2],
  ['send (WeCom)', () => ['send', '--config', wecom, '--to', 'zhangsan', '--text', 'hi'], 0, { ok: true }],
  ['send (OA has no app messages)', () => ['send', '--config', oa, '--to', 'o-xiaoming', '--text', 'hi'], 2],
  ['send without recipients', () => ['send', '--config', wecom, '--text', 'hi'], 2],
  ['sign', () => ['sign', ...SIGN], 0],
  ['sign with a missing option', () => ['sign', '--ticket', 't'], 2],
  ['workbench show (WeCom)', () => ['workbench', 'show', '--config', wecom], 0, { platform: 'wecom' }],
  ['workbench show (OA has none)', () => ['workbench', 'show', '--config', oa], 2],
  [
    'workbench set',
    () => ['workbench', 'set', '--config', wecom, '--template', join(dir, 'template.yaml')],
    0,
    { ok: true },
  ],
  ['workbench set with nothing to set', () => ['workbench', 'set', '--config', wecom], 2],
  ['a config file that is not there', () => ['doctor', '--config', join(dir, 'missing.yaml')], 2],
  ['a secret the environment does not have', () => ['menu', 'pull', '--config', wecom, '--env-less'], 2],
  ['an unknown command', () => ['frobnicate'], 2],
];

describe('wxkit --version', () => {
  it("prints the CLI package's own version", async () => {
    const { readFile } = await import('node:fs/promises');
    const manifest = JSON.parse(await readFile(join(import.meta.dirname, '../package.json'), 'utf8'));
    const c = capture();
    expect(await run(['--version'], c.io)).toBe(0);
    expect(c.text().trim()).toBe(manifest.version);
  });
});

describe('every command keeps the README promise: --json on stdout, exit 0/1/2', () => {
  it.each(rows)('%s', async (_label, args, code, shape) => {
    const c = capture(env, dir);
    const argv = args();
    const withoutSecrets = argv.includes('--env-less');
    const io = withoutSecrets ? capture({ WXKIT_EMULATOR_HOST: emu.host }, dir) : c;
    const exit = await run([...argv.filter((a) => a !== '--env-less'), '--json'], io.io);
    expect(exit).toBe(code);
    expect(io.out).toHaveLength(1);
    const parsed = JSON.parse(io.text()) as Record<string, unknown>;
    if (code !== 0 && parsed['ok'] !== undefined) expect(parsed['ok']).toBe(false);
    if (code !== 0 && 'exitCode' in parsed) expect(parsed['exitCode']).toBe(code);
    if (shape) expect(parsed).toMatchObject(shape);
  });
});
