import { defaultSeed } from '@wxkit/emulator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedForAppPort } from '../src/seed-port.js';

describe('dev keeps the seed in step with the app port', () => {
  it('moves every loopback trusted domain, home page, callback and menu link to the app port', () => {
    const { seed, moved } = seedForAppPort(defaultSeed(), 5173);
    const app = seed.wecom[0]?.apps[0];
    expect(app?.trustedDomains).toEqual(['localhost:5173', '127.0.0.1:5173']);
    expect(app?.webLoginDomains).toEqual(['localhost:5173', '127.0.0.1:5173']);
    expect(app?.homeUrl).toBe('http://localhost:5173/');
    expect(app?.callback?.url).toBe('http://localhost:5173/wx/events');
    expect(JSON.stringify(app?.menu)).not.toContain(':3000');
    expect(seed.officialAccounts[0]?.oauthDomains).toEqual(['localhost:5173', '127.0.0.1:5173']);
    expect(moved).toContain('localhost:3000 → localhost:5173');
  });

  it("moves a provider suite's callback URLs, home page and domains with it, $CORPID$ kept", () => {
    const { seed } = seedForAppPort(defaultSeed(), 5173);
    const suite = seed.providers?.[0]?.suites[0];
    expect(suite?.commandUrl).toBe('http://localhost:5173/isv/wx/suite/commands');
    expect(suite?.dataUrl).toBe('http://localhost:5173/isv/wx/events/$CORPID$');
    expect(suite?.homeUrl).toBe('http://localhost:5173/isv/');
    expect(suite?.trustedDomains).toEqual(['localhost:5173', '127.0.0.1:5173']);
    expect(suite?.redirectDomains).toEqual(['localhost:5173', '127.0.0.1:5173']);
    expect(JSON.stringify(seed.providers)).not.toContain(':3000');
  });

  it('leaves real domains alone (a production host, a tunnel), whatever their port', () => {
    fc.assert(
      fc.property(
        fc.domain(),
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        fc.integer({ min: 1, max: 65535 }),
        (host, port, appPort) => {
          fc.pre(host !== 'localhost');
          const domain = port === undefined ? host : `${host}:${port}`;
          const base = defaultSeed();
          const app = base.wecom[0]?.apps[0];
          if (app) app.trustedDomains = [domain];
          const { seed, moved } = seedForAppPort(base, appPort);
          expect(seed.wecom[0]?.apps[0]?.trustedDomains).toEqual([domain]);
          expect(moved.some((m) => m.startsWith(`${domain} `))).toBe(false);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('does not change the seed it was given', () => {
    const base = defaultSeed();
    const before = JSON.stringify(base);
    seedForAppPort(base, 4000);
    expect(JSON.stringify(base)).toBe(before);
  });
});
