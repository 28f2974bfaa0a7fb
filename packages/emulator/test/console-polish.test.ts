import { describe, expect, it } from 'vitest';
import { createEmulator, defaultSeed } from '../src/index.js';

describe('console polish', () => {
  it('serves a favicon, so no page of the emulator logs a 404 for it', async () => {
    const emu = await createEmulator();
    const icon = await emu.fetch('/favicon.ico');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
  });

  it("shows an app tile with the first character of the app's name, a person's avatar with the last", async () => {
    const seed = defaultSeed();
    const app = seed.wecom[0]!.apps[0]!;
    app.name = '问卷调查';
    const emu = await createEmulator({ seed });
    const html = await (await emu.fetch('/')).text();
    expect(html).toMatch(/data-open-app="\d+"><i>问<\/i>问卷调查/);
    expect(html).not.toMatch(/<i>查<\/i>问卷调查/);
  });
});
