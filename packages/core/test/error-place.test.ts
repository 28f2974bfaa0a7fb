import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createOfficialAccount, createWeCom, isWxConfigError } from '@wxkit/core';
import { describe, expect, it } from 'vitest';
import { atPlace, inputError, placed } from '../src/errors/place.js';

const wecom = () =>
  createWeCom({
    corpId: 'ww0123456789abcdef',
    corpSecret: 'secret',
    agentId: 1000002,
    fetch: async () => new Response('{}'),
  });
const oa = () =>
  createOfficialAccount({
    appId: 'wx0123456789abcdef',
    appSecret: 'secret',
    fetch: async () => new Response('{}'),
  });

const messageOf = async (run: () => unknown): Promise<string> => {
  try {
    await run();
  } catch (error) {
    expect(isWxConfigError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a WxConfigError');
};

describe('input errors name the factory and the method once, where the client is made', () => {
  it('a sync check inside a method is named after the factory and the method path', async () => {
    const message = await messageOf(() =>
      wecom().oauth.authorizeUrl({ redirectUri: 'https://a.example/', state: 'a b' }),
    );
    expect(message).toMatch(
      /^@wxkit\/core createWeCom oauth\.authorizeUrl: state must be 1-128 letters or digits/,
    );
  });

  it('an async method rejects with the same placed message', async () => {
    const message = await messageOf(() =>
      wecom().jssdk.config({ url: 'https://a.example/', jsApiList: ['bad name'] }),
    );
    expect(message).toMatch(/^@wxkit\/core createWeCom jssdk\.config: jsApiList must be an array/);
    const oaMessage = await messageOf(() => oa().users.info('not an openid!'));
    expect(oaMessage).toMatch(/^@wxkit\/core createOfficialAccount users\.info: openid must be/);
  });

  it('a bad option is named after the factory alone', async () => {
    const message = await messageOf(() => createWeCom({ corpId: '', corpSecret: 's', agentId: 1 }));
    expect(message).toBe(
      '@wxkit/core createWeCom: `corpId` is required (the CorpID, ww… from 我的企业 → 企业信息)',
    );
    expect(
      await messageOf(() => createOfficialAccount({ appId: 'wx1', appSecret: 's', timeoutMs: -1 })),
    ).toMatch(/^@wxkit\/core createOfficialAccount: `timeoutMs` must be a positive number/);
  });

  it('names an error once when a placed method calls another placed one', async () => {
    const inner = placed('inner', {
      run: () => {
        throw inputError('boom');
      },
    });
    const outer = placed('outer', { run: () => inner.run() });
    expect(await messageOf(() => outer.run())).toBe('inner run: boom');
    expect(await messageOf(() => atPlace('factory', () => outer.run())())).toBe('inner run: boom');
  });

  it('leaves other errors, accessors and non-plain values as they are', async () => {
    const store = new Map<string, string>();
    let reads = 0;
    const api = placed('p', {
      store,
      get count() {
        reads += 1;
        return reads;
      },
      fail: async () => {
        throw new TypeError('not ours');
      },
    });
    expect(api.store).toBe(store);
    expect(api.count).toBe(1);
    expect(api.count).toBe(2);
    await expect(api.fail()).rejects.toThrow(/^not ours$/);
  });
});

describe('no check in core takes the package name as an argument', () => {
  it('finds no `pkg` or `at` string parameter threaded into a function of packages/core/src', () => {
    const root = join(import.meta.dirname, '../src');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) files.push(path);
      }
    };
    walk(root);
    // errors/place.ts is the one home of the factory's name.
    const skipped = (file: string) => file.endsWith('errors/place.ts');
    const threaded = files
      .filter((file) => !skipped(file))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, where: `${file.slice(root.length + 1)}:${i + 1}` }))
          .filter(
            ({ line }) =>
              /function \w+\((pkg|at|where): string/.test(line) || /\((pkg|at): string, /.test(line),
          )
          .map(({ where }) => where),
      );
    expect(threaded).toEqual([]);
  });
});
