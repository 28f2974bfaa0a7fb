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

describe('the directory page', () => {
  it('marks a member who is not active, whom the login picker leaves out', async () => {
    const seed = defaultSeed();
    const corp = seed.wecom[0]!;
    const member = corp.members[1]!;
    member.status = 4;
    const emu = await createEmulator({ seed });
    const html = await (await emu.fetch('/_emulator/console/contacts')).text();
    const row = html.slice(html.indexOf(`data-member="${member.userid}"`));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('未激活 not activated');
    const active = html.slice(html.indexOf(`data-member="${corp.members[0]!.userid}"`));
    expect(active.slice(0, active.indexOf('</tr>'))).not.toContain('tag warn');
  });
});
