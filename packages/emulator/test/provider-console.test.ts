import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { CORP1, CORP2, installVia, providerWorld, SUITE } from './provider-support.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('the console provider page', () => {
  it('shows the suites, the installed corps with their agent ids, the last tickets and the pushes, linked from the console', async () => {
    const w = await providerWorld();
    emu = w.emu;
    const tenant = await w.suite.completeInstall((await installVia(w.emu, w.suite, CORP2)).authCode);
    const html = await (await w.emu.fetch('/_emulator/console/providers')).text();
    expect(html).toContain('问卷调查 Survey (ISV)');
    expect(html).toContain('代开发 template');
    expect(html).toContain(`data-tenant="${CORP2}"`);
    expect(html).toContain(`agent ${tenant.agentId}`);
    expect(html).toContain('push suite_ticket now');
    expect(html).toContain(`data-action="install" data-suite-id="${SUITE}" data-corp-id="${CORP1}"`);
    expect(html).not.toContain(`data-action="install" data-suite-id="${SUITE}" data-corp-id="${CORP2}"`);
    expect(html).toMatch(/suite_ticket/);
    expect(html).toContain(`receiveid ${SUITE}`);
    // No permanent code, ticket or token in clear on the page.
    const ticket = (await w.suite.tickets.current()).latest.value;
    expect(html).not.toContain(ticket);
    expect(await (await w.emu.fetch('/_emulator/console')).text()).toContain(
      'href="/_emulator/console/providers"',
    );
  });
});
