import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator } from '@wxkit/emulator';
import { describe, expect, it } from 'vitest';
import { type CliIO, run } from '../src/index.js';

function capture(env: Record<string, string> = {}, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), color: false, env, cwd };
  return { io, out, err, text: () => out.join('\n') };
}

const SAMPLE = [
  '--token',
  'QDG6eK',
  '--aes-key',
  'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  '--receive-id',
  'wx5823bf96d3bd56c7',
];
const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';

describe('wxkit sign', () => {
  it('prints the official vector signature on its last line, and JSON with --json', async () => {
    const c = capture();
    const args = [
      'sign',
      '--ticket',
      TICKET,
      '--noncestr',
      'Wm3WZYTPz0wzccnW',
      '--timestamp',
      '1414587457',
      '--url',
      'http://mp.weixin.qq.com?params=value',
    ];
    expect(await run(args, c.io)).toBe(0);
    expect(c.out.at(-1)).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
    const j = capture();
    await run([...args, '--json'], j.io);
    expect(JSON.parse(j.text())).toMatchObject({
      signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
      string1: expect.stringContaining('jsapi_ticket='),
    });
  });

  it('exits 2 when a required option is missing', async () => {
    const c = capture();
    expect(await run(['sign', '--ticket', 'x'], c.io)).toBe(2);
  });
});

describe('wxkit crypt', () => {
  it('verifies the official sample URL and decrypts its message', async () => {
    const c = capture();
    const code = await run(
      [
        'crypt',
        'verify-url',
        ...SAMPLE,
        '--timestamp',
        '1409659589',
        '--nonce',
        '263014780',
        '--msg-signature',
        '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
        '--echostr',
        'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
      ],
      c.io,
    );
    expect(code).toBe(0);
    expect(c.text()).toBe('1616140317555161061');
  });

  it('reproduces the sample ciphertext with --random', async () => {
    const c = capture();
    await run(
      [
        'crypt',
        'encrypt',
        ...SAMPLE,
        '--timestamp',
        '1409659589',
        '--nonce',
        '263014780',
        '--message',
        '1616140317555161061',
        '--random',
        'c41b64491c2468d0',
        '--json',
      ],
      c.io,
    );
    expect(JSON.parse(c.text())).toEqual({
      Encrypt: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
      MsgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    });
  });

  it('exits 1 with -40001 and its meaning for a wrong signature', async () => {
    const c = capture();
    const code = await run(
      [
        'crypt',
        'decrypt',
        ...SAMPLE,
        '--timestamp',
        '1',
        '--nonce',
        '2',
        '--msg-signature',
        'deadbeef',
        '--encrypt',
        'AAAA',
      ],
      c.io,
    );
    expect(code).toBe(1);
    expect(c.err.join('\n')).toMatch(/-40001 Callback signature mismatch/);
  });
});

describe('wxkit explain', () => {
  it('explains 40029 with the wrong-token lesson', async () => {
    const c = capture();
    expect(await run(['explain', '40029'], c.io)).toBe(0);
    expect(c.text()).toMatch(/wrong access_token/);
    const oa = capture();
    await run(['explain', '40001', '--platform', 'oa', '--json'], oa.io);
    expect(JSON.parse(oa.text())).toMatchObject({ errcode: 40001, platform: 'oa' });
    expect(await run(['explain', '999999'], capture().io)).toBe(1);
  });
});

describe('wxkit menu validate', () => {
  it('exits 1 listing every problem with its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-cli-'));
    const file = join(dir, 'menu.yaml');
    await writeFile(
      file,
      'button:\n  - { type: miniprogram, name: 小程序 }\n  - { type: view, name: 官网, url: "ftp://x" }\n',
    );
    const c = capture();
    expect(await run(['menu', 'validate', file, '--platform', 'wecom'], c.io)).toBe(1);
    expect(c.text()).toContain('✗ button[0].type');
    expect(c.text()).toContain('✗ button[1].url');
    await writeFile(file, 'button:\n  - { type: click, name: 结果, key: R }\n');
    expect(await run(['menu', 'validate', file, '--platform', 'wecom'], capture().io)).toBe(0);
  });
});

describe('wxkit qr, init, auth-url and doctor', () => {
  it('writes an SVG QR code', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-cli-'));
    const svg = join(dir, 'entry.svg');
    expect(await run(['qr', 'http://localhost:3000/', '--svg', svg], capture().io)).toBe(0);
    expect(await readFile(svg, 'utf8')).toMatch(/^<svg/);
  });

  it('initialises a config, builds a checked authorize link, and diagnoses the app against the emulator', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxkit-cli-'));
    const emu = await createEmulator({ port: 0 });
    try {
      const env = {
        WECOM_SECRET: 'survey-secret-0123456789abcdefghijklmnopqrs',
        WXKIT_EMULATOR_HOST: emu.host,
      };
      expect(await run(['init'], capture(env, dir).io)).toBe(0);
      expect(await run(['init'], capture(env, dir).io)).toBe(1);
      const config = join(dir, 'wxkit.config.yaml');
      const url = capture(env, dir);
      expect(await run(['auth-url', '--config', config], url.io)).toBe(0);
      expect(url.text()).toMatch(
        new RegExp(`^http://${emu.host}/connect/oauth2/authorize\\?appid=ww0123456789abcdef&redirect_uri=`),
      );
      const bad = capture(env, dir);
      expect(
        await run(['auth-url', '--config', config, '--redirect-uri', 'http://evil.example/cb'], bad.io),
      ).toBe(1);
      expect(bad.err.join()).toContain('50001');
      const doctor = capture(env, dir);
      expect(await run(['doctor', '--config', config, '--json'], doctor.io)).toBe(0);
      expect(JSON.parse(doctor.text())).toMatchObject({ ok: true });
      const diff = capture(env, dir);
      expect(await run(['menu', 'diff', '--config', config], diff.io)).toBe(0);
      expect(diff.text()).toContain('~ button[1].type: "view" → "click"');
      expect(await run(['menu', 'push', '--config', config], capture(env, dir).io)).toBe(0);
      const again = capture(env, dir);
      await run(['menu', 'diff', '--config', config], again.io);
      expect(again.text()).toBe('✓ the platform already has this menu');
      const pulled = capture(env, dir);
      await run(['menu', 'pull', '--config', config, '--json'], pulled.io);
      expect(JSON.parse(pulled.text())).toMatchObject({
        button: [{ name: '填写问卷' }, { name: '查看结果', key: 'RESULTS' }],
      });
      const template = join(dir, 'template.yaml');
      await writeFile(
        template,
        'type: list\nlist:\n  items:\n    - { title: 本周问卷, jump_url: "http://localhost:3000/" }\n',
      );
      expect(
        await run(
          [
            'workbench',
            'set',
            '--config',
            config,
            '--home-url',
            'http://localhost:3000/home',
            '--template',
            template,
          ],
          capture(env, dir).io,
        ),
      ).toBe(0);
      const shown = capture(env, dir);
      await run(['workbench', 'show', '--config', config, '--json'], shown.io);
      expect(JSON.parse(shown.text())).toMatchObject({
        homeUrl: 'http://localhost:3000/home',
        template: { type: 'list' },
      });
      const sent = capture(env, dir);
      expect(
        await run(['send', '--config', config, '--to', 'zhangsan,ghost', '--text', '请填写问卷'], sent.io),
      ).toBe(0);
      expect(sent.text()).toMatch(/✓ sent \(msgid .+\); unknown or not visible: ghost/);
      expect(await run(['send', '--config', config, '--text', 'x'], capture(env, dir).io)).toBe(2);
      const wrong = capture({ ...env, WECOM_SECRET: 'wrong' }, dir);
      expect(await run(['doctor', '--config', config], wrong.io)).toBe(1);
      expect(wrong.text()).toMatch(/✗ credentials: errcode 40001/);
    } finally {
      await emu.close();
    }
  });
});
