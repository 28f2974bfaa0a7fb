import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { whenListening } from '../src/ports.js';
import { capture } from './helpers.js';

const fresh = () => mkdtemp(join(tmpdir(), 'wxkit-init-'));
const init = async (dir: string, args: string[]) => {
  const c = capture({}, dir);
  const code = await run(['init', ...args, '--json'], c.io);
  return { code, result: JSON.parse(c.text()) as { files: string[]; next: string[] } };
};

describe('wxkit init --framework', () => {
  for (const [framework, server] of [
    ['express', 'server.js'],
    ['koa', 'server.js'],
    ['fastify', 'server.js'],
    ['nestjs', 'server.js'],
    ['nextjs', 'app/wx/[...path]/route.js'],
  ] as const) {
    it(`${framework}: a server with the kit's routes and /api/me, a page, a test and the scripts wxkit dev runs`, async () => {
      const dir = await fresh();
      const { code, result } = await init(dir, ['--framework', framework]);
      expect(code).toBe(0);
      expect(result.files).toEqual(
        expect.arrayContaining(['wx.js', 'test/app.test.js', 'package.json', server]),
      );
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
      expect(pkg.scripts).toMatchObject({ dev: 'wxkit dev --app "npm run serve"', test: 'node --test' });
      expect(pkg.devDependencies).toMatchObject({ wxkit: '^0.1.0', '@wxkit/emulator': '^0.1.0' });
      const wx = await readFile(join(dir, 'wx.js'), 'utf8');
      // The names wxkit dev hands over (appCredentials) are the ones the app reads.
      for (const name of ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'SESSION_SECRET'])
        expect(wx).toContain(`'${name}'`);
      expect(wx).not.toContain('__PLATFORM__');
      expect(await readdir(dir)).toContain('.gitignore');
    });
  }

  it('--packages DIR depends on the packed tarballs there (file: specs), so npm install works before publishing', async () => {
    const dir = await fresh();
    const tarballs = join(dir, 'tarballs');
    await import('node:fs/promises').then((fs) => fs.mkdir(tarballs));
    for (const name of ['core', 'redis', 'server', 'browser', 'emulator'])
      await writeFile(join(tarballs, `wxkit-${name}-0.1.0.tgz`), '');
    await writeFile(join(tarballs, 'wxkit-0.1.0.tgz'), '');
    const { code } = await init(dir, ['--packages', 'tarballs']);
    expect(code).toBe(0);
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies['@wxkit/core']).toBe('file:tarballs/wxkit-core-0.1.0.tgz');
    expect(pkg.devDependencies.wxkit).toBe('file:tarballs/wxkit-0.1.0.tgz');
  });

  it('--packages without every tarball exits 2 naming the missing ones', async () => {
    const c = capture({}, await fresh());
    expect(await run(['init', '--packages', '.'], c.io)).toBe(2);
    expect(c.err.join()).toMatch(/no tarball for @wxkit\/browser/);
  });

  it('--framework none writes the config and the seed only; an unknown framework exits 2', async () => {
    const { result } = await init(await fresh(), ['--framework', 'none']);
    expect(result.files).toEqual(['wxkit.config.yaml', 'wxkit.seed.yaml']);
    expect(await run(['init', '--framework', 'rails'], capture({}, await fresh()).io)).toBe(2);
  });

  it('ships the templates in the package', async () => {
    const pkg = JSON.parse(await readFile(join(import.meta.dirname, '../package.json'), 'utf8'));
    expect(pkg.files).toContain('templates');
  });
});

describe('whenListening (the app-port warning of wxkit dev)', () => {
  it('is true once something listens and false when nothing does within the time', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    expect(await whenListening(port, 2000)).toBe(true);
    await new Promise((resolve) => server.close(resolve));
    expect(await whenListening(port, 300)).toBe(false);
  });
});
