import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Message } from '@wxkit/core';
import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config.js';
import { CliExit, type CliIO } from '../io.js';
import { weComClientFor } from '../platform.js';
import { cardOption, mpnewsOption, newsOption } from './send-json.js';

interface Options {
  config: string;
  to?: string;
  party?: string;
  tag?: string;
  news?: string;
  text?: string;
  markdown?: string;
  image?: string;
  file?: string;
  title?: string;
  description?: string;
  url?: string;
  mpnews?: string;
  thumb?: string;
  card?: string;
  json?: boolean;
}

/** send: any app message (text, markdown, image, file, textcard, news, mpnews, template_card) to members, departments and tags. */
export function register(program: Command, io: CliIO): void {
  program
    .command('send')
    .description(
      'send a message from the app: --text, --markdown, --image, --file, --news, --mpnews, --card, or a text card with --title --url',
    )
    .option('--config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('--to <userids>', 'comma-separated userids, or @all')
    .option('--party <ids>', 'comma-separated department ids')
    .option('--tag <ids>', 'comma-separated tag ids (every member of the tag the app can see)')
    .option('--text <content>', 'a text message')
    .option('--markdown <content>', 'a markdown message')
    .option('--image <path>', 'upload a JPG/PNG and send it as an image message')
    .option('--file <path>', 'upload any file and send it as a file message')
    .option('--title <title>', 'textcard title')
    .option('--description <text>', 'textcard description')
    .option('--url <url>', 'textcard link')
    .option('--news <json>', 'a news message: {"articles": [...]} inline or a JSON file (1-8 articles)')
    .option('--mpnews <json>', 'an mpnews message: {"articles": [...]} inline or a JSON file')
    .option(
      '--thumb <path>',
      'with --mpnews: upload this JPG/PNG as the cover of articles without thumb_media_id',
    )
    .option(
      '--card <json>',
      'a template_card: the card inline or a JSON file (checked by core before sending)',
    )
    .option('--json', 'print JSON')
    .action(async (o: Options) => {
      const touser = o.to === '@all' ? '@all' : o.to?.split(',').filter(Boolean);
      const toparty = o.party?.split(',').map(Number);
      if (toparty?.some((n) => !Number.isInteger(n)))
        throw new CliExit('wxkit send: --party takes department ids like 2,3', 2);
      const totag = o.tag?.split(',').map(Number);
      if (totag?.some((n) => !Number.isInteger(n)))
        throw new CliExit('wxkit send: --tag takes tag ids like 1,2', 2);
      if (!touser && !toparty && !totag) throw new CliExit('wxkit send: pass --to, --party and/or --tag', 2);
      const upload = o.image ? ('image' as const) : o.file ? ('file' as const) : undefined;
      const path = o.image ?? o.file;
      let bytes: Uint8Array | undefined;
      if (upload && path) {
        try {
          bytes = await readFile(path);
        } catch (error) {
          throw new CliExit(`wxkit send: cannot read --${upload} ${path} (${(error as Error).message})`, 2);
        }
      }
      const client = weComClientFor(
        await loadConfig(io, o.config),
        io,
        'send',
        'Official Accounts reach followers with template or customer-service messages (/cgi-bin/message/…), not app messages.',
      );
      let thumb: string | undefined;
      if (o.mpnews && o.thumb) {
        let cover: Uint8Array;
        try {
          cover = await readFile(o.thumb);
        } catch (error) {
          throw new CliExit(`wxkit send: cannot read --thumb ${o.thumb} (${(error as Error).message})`, 2);
        }
        thumb = (await client.media.upload('image', { data: cover, filename: basename(o.thumb) })).mediaId;
      }
      const body = o.card
        ? { template_card: await cardOption(o.card) }
        : o.mpnews
          ? { mpnews: await mpnewsOption(o.mpnews, thumb) }
          : o.news
            ? { news: await newsOption(o.news) }
            : o.text
              ? { text: { content: o.text } }
              : o.markdown
                ? { markdown: { content: o.markdown } }
                : upload && path && bytes
                  ? {
                      [upload]: {
                        media_id: (
                          await client.media.upload(upload, { data: bytes, filename: basename(path) })
                        ).mediaId,
                      },
                    }
                  : o.title && o.url
                    ? { textcard: { title: o.title, description: o.description ?? o.title, url: o.url } }
                    : undefined;
      if (!body)
        throw new CliExit(
          'wxkit send: pass --text, --markdown, --image <path>, --file <path>, --news <json>, --mpnews <json>, --card <json>, or --title and --url for a text card',
          2,
        );
      const message = {
        ...(touser ? { touser } : {}),
        ...(toparty ? { toparty } : {}),
        ...(totag ? { totag } : {}),
        ...body,
      } as Message;
      const result = await client.messages.send(message);
      if (o.json) return io.out(JSON.stringify({ ok: true, platform: 'wecom', ...result }));
      io.out(
        `✓ sent (msgid ${result.msgid})${result.response_code ? `; response_code ${result.response_code} (one update_template_card, 72 hours)` : ''}${result.invaliduser.length ? `; unknown or not visible: ${result.invaliduser.join(', ')}` : ''}${result.invalidtag.length ? `; unknown tags: ${result.invalidtag.join(', ')}` : ''}`,
      );
    });
}
