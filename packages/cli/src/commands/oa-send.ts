import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OaCustomMessage, OfficialAccountClient } from '@wxkit/core';
import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config.js';
import { CliExit, type CliIO } from '../io.js';
import { clientFor } from '../platform.js';

interface Options {
  config: string;
  to?: string;
  template?: string;
  data: string[];
  url?: string;
  text?: string;
  image?: string;
  list?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function officialAccount(client: ReturnType<typeof clientFor>): OfficialAccountClient {
  if (client.platform === 'oa') return client.client;
  throw new CliExit(
    'wxkit oa-send: template and customer-service messages are Official Account features; the config is for a WeCom app (platform: wecom). Use wxkit send.',
    2,
  );
}

/** oa-send: a template message, or a customer-service text/image, to one follower of the Official Account. */
export function register(program: Command, io: CliIO): void {
  program
    .command('oa-send')
    .description(
      'Official Account: a template message (--template --data key=value…) or a customer-service --text/--image to a follower; --list shows the templates',
    )
    .option('--config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--to <openid>', "the follower's openid")
    .option('--template <id>', 'template_id (see --list)')
    .option(
      '--data <key=value>',
      'a template field, repeatable: --data thing1=问卷 --data time2=15:30',
      collect,
      [],
    )
    .option('--url <url>', 'where a tap on the template message goes')
    .option('--text <content>', 'a customer-service text (within 48 h of the follower messaging the account)')
    .option('--image <path>', 'upload a JPG/PNG and send it as a customer-service image')
    .option('--list', "list the account's templates")
    .option('--json', 'print JSON')
    .action(async (o: Options) => {
      const oa = officialAccount(clientFor(await loadConfig(io, o.config), io));
      if (o.list) {
        const templates = await oa.templates.list();
        if (o.json) return io.out(JSON.stringify({ ok: true, platform: 'oa', templates }));
        for (const t of templates)
          io.out(`${t.template_id}  ${t.title}\n  ${t.content.replace(/\n/g, '\n  ')}`);
        return;
      }
      if (!o.to) throw new CliExit('wxkit oa-send: pass --to <openid> (or --list)', 2);
      if (o.template) {
        const data: Record<string, { value: string }> = {};
        for (const pair of o.data) {
          const at = pair.indexOf('=');
          if (at < 1) throw new CliExit(`wxkit oa-send: --data takes key=value (got ${pair})`, 2);
          data[pair.slice(0, at)] = { value: pair.slice(at + 1) };
        }
        const result = await oa.templates.send({
          touser: o.to,
          template_id: o.template,
          data,
          ...(o.url ? { url: o.url } : {}),
        });
        if (o.json) return io.out(JSON.stringify({ ok: true, platform: 'oa', kind: 'template', ...result }));
        return io.out(
          `✓ template message sent (msgid ${result.msgid}); TEMPLATESENDJOBFINISH tells the delivery`,
        );
      }
      let message: OaCustomMessage;
      if (o.text) message = { touser: o.to, msgtype: 'text', text: { content: o.text } };
      else if (o.image) {
        let bytes: Uint8Array;
        try {
          bytes = await readFile(o.image);
        } catch (error) {
          throw new CliExit(`wxkit oa-send: cannot read --image ${o.image} (${(error as Error).message})`, 2);
        }
        const up = await oa.media.upload('image', { data: bytes, filename: basename(o.image) });
        message = { touser: o.to, msgtype: 'image', image: { media_id: up.mediaId } };
      } else throw new CliExit('wxkit oa-send: pass --template with --data, --text or --image', 2);
      await oa.custom.send(message);
      if (o.json)
        return io.out(JSON.stringify({ ok: true, platform: 'oa', kind: 'custom', msgtype: message.msgtype }));
      io.out(`✓ customer-service ${message.msgtype} sent to ${o.to}`);
    });
}
