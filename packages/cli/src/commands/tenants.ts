import { listTenants, readSuiteTickets, SUITE_TICKET_LIFETIME_MS, type Tenant } from '@wxkit/core/provider';
import type { Command } from 'commander';
import { CliExit, type CliIO } from '../io.js';
import { openStore } from '../store-open.js';

interface Options {
  suite?: string;
  store?: string;
  limit?: string;
  cursor?: string;
  all?: boolean;
  json?: boolean;
}

const row = (t: Tenant) =>
  [t.corpId, t.kind, String(t.agentId), new Date(t.addedAt).toISOString(), t.corpName ?? ''].join('\t');

export function register(program: Command, io: CliIO): void {
  program
    .command('tenants')
    .description(
      "a service provider's tenants: the corps that authorised a suite (from the store, no secrets needed)",
    )
    .option('--suite <suiteId>', 'the SuiteID (or 代开发 template id); default $WXKIT_SUITE_ID')
    .option(
      '--store <where>',
      'redis://host:port (prefix from $WXKIT_REDIS_PREFIX) or a file store path; default $WXKIT_STORE',
    )
    .option('--limit <n>', 'tenants per page, 1-1000', '100')
    .option('--cursor <cursor>', 'the cursor a previous page printed')
    .option('--all', 'every page')
    .option('--json', 'print JSON')
    .action(async (o: Options) => {
      const suiteId = o.suite ?? io.env['WXKIT_SUITE_ID'];
      const where = o.store ?? io.env['WXKIT_STORE'];
      if (!suiteId) throw new CliExit('wxkit tenants: pass --suite <suiteId> (or set WXKIT_SUITE_ID)', 2);
      if (!where)
        throw new CliExit('wxkit tenants: pass --store redis://… or a file path (or set WXKIT_STORE)', 2);
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new CliExit(`wxkit tenants: --limit must be 1-1000 (got ${o.limit})`, 2);
      const { store, close } = await openStore(io, where);
      try {
        const tenants: Tenant[] = [];
        let cursor = o.cursor;
        do {
          const page = await listTenants({ store, suiteId, limit, ...(cursor ? { cursor } : {}) });
          tenants.push(...page.tenants);
          cursor = page.cursor;
        } while (o.all && cursor);
        const held = await readSuiteTickets({ store, suiteId });
        const ageMs = held ? Date.now() - held.latest.pushedAt : undefined;
        if (o.json)
          return io.out(
            JSON.stringify({ suiteId, ticketAgeMs: ageMs ?? null, tenants, ...(cursor ? { cursor } : {}) }),
          );
        io.out(
          ageMs === undefined
            ? 'suite_ticket: none in the store (is the command callback answering "success"?)'
            : `suite_ticket: pushed ${Math.round(ageMs / 60_000)} min ago (${ageMs < SUITE_TICKET_LIFETIME_MS ? 'valid' : 'expired: get_suite_token would answer 40085'})`,
        );
        if (tenants.length === 0) io.out(`no tenants for suite ${suiteId} in ${where}`);
        else io.out(['corpId', 'kind', 'agentId', 'addedAt', 'corpName'].join('\t'));
        for (const t of tenants) io.out(row(t));
        if (cursor) io.out(`more: wxkit tenants --suite ${suiteId} --cursor ${cursor}`);
      } catch (error) {
        throw new CliExit(`wxkit tenants: ${(error as Error).message}`, 1);
      } finally {
        await close();
      }
    });
}
