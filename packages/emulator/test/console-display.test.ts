import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textcardDescription } from '../src/pages/console-textcard.js';
import { beijingTime } from '../src/pages/html.js';
import { emulator, post, weComToken } from './helpers.js';

// 2026-12-06 23:30:05 UTC: already the 7th in Beijing.
const INSTANT = Date.UTC(2026, 11, 6, 23, 30, 5);
const decodeHtml = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const ALLOWED = /<div class="(?:gray|normal|highlight)">|<\/div>|<br>/g;

describe('a textcard in the console inbox', () => {
  it('shows the description with the client’s colours and line breaks, and everything else an attacker wrote as text', async () => {
    const emu = await emulator();
    const sent = await post(emu, `/cgi-bin/message/send?access_token=${await weComToken(emu)}`, {
      touser: 'zhangsan',
      agentid: 1000002,
      msgtype: 'textcard',
      textcard: {
        title: '<script>alert("title")</script>领奖通知',
        description:
          '<div class="gray">2016年9月26日</div> <div class="normal">恭喜你抽中iPhone 7一台</div><br><div class="highlight">请于2016年10月10日前领取</div><img src=x onerror=alert(1)><div class="gray" onclick="alert(2)">x</div></div></div><script>alert(3)</script>',
        url: 'javascript:alert(4)',
        btntxt: '<b>更多详情</b>',
      },
    });
    expect(sent['errcode']).toBe(0);
    const html = await (await emu.fetch('/')).text();
    const start = html.indexOf('class="textcard"');
    const inbox = html.slice(start, html.indexOf('</td>', start));
    expect(inbox).toContain('<div class="gray">2016年9月26日</div>');
    expect(inbox).toContain('<div class="highlight">请于2016年10月10日前领取</div>');
    expect(inbox).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;领奖通知');
    expect(inbox).not.toMatch(/<script|<img|<b>|<[^>]*\son\w+=/i);
    expect(inbox).not.toMatch(/href="\s*javascript:/i);
    expect(inbox).toContain('&lt;b&gt;更 ›');
    await emu.close();
  });

  it('keeps every character of any description and lets through only the three colour divs and <br>, balanced', () => {
    const piece = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '<div class="gray">',
        "<div class='highlight'>",
        '<DIV CLASS="normal" >',
        '</div>',
        '</DIV >',
        '<br>',
        '<br/>',
        '<div class="gray" onclick="x">',
        '<div>',
        '<script>',
        '&amp;',
        '"',
        "'",
      ),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
        (description) => {
          const html = textcardDescription(description);
          const tags = html.match(ALLOWED) ?? [];
          // No markup but the allowed tags: a "<" left after removing them would be the attacker's.
          expect(html.replace(ALLOWED, '')).not.toMatch(/[<>]/);
          let depth = 0;
          for (const tag of tags) {
            depth += tag === '</div>' ? -1 : tag === '<br>' ? 0 : 1;
            expect(depth).toBeGreaterThanOrEqual(0);
          }
          expect(depth).toBe(0);
          // The text a reader sees is the description with the markup the client renders taken out.
          const tokens = /<div\s+class\s*=\s*(["'])(gray|normal|highlight)\1\s*>|<\/div\s*>|<br\s*\/?>/gi;
          expect(decodeHtml(html.replace(ALLOWED, ''))).toBe(description.replace(tokens, ''));
        },
      ),
    );
  });
});

describe('times on the console', () => {
  it('are Beijing time (UTC+8), labelled, with the instant kept in datetime', () => {
    expect(beijingTime(INSTANT)).toBe(
      '<time datetime="2026-12-06T23:30:05.000Z" title="北京时间 Beijing time">2026-12-07 07:30:05 UTC+8</time>',
    );
    expect(beijingTime(INSTANT, 'minute')).toContain('>2026-12-07 07:30 UTC+8<');
    expect(beijingTime(INSTANT, 'time')).toContain('>07:30:05 UTC+8<');
  });

  it('are shown the one way on every console page, whatever the page', async () => {
    const emu = await emulator({ clock: () => INSTANT });
    await post(emu, '/_emulator/snapshots', { name: 'at-night' });
    await emu.fetch('/cgi-bin/user/get?access_token=bogus&userid=x');
    await post(emu, '/_emulator/oa/qrcode', { scene: 'poster', expireSeconds: 600 });
    const pages = [
      '/',
      '/_emulator/console/state',
      '/_emulator/console/oa',
      '/_emulator/oa/outbox',
      '/_emulator/oa/subscriptions',
    ];
    for (const path of pages) {
      const html = await (await emu.fetch(path)).text();
      const times = [...html.matchAll(/<time datetime="([^"]+)"[^>]*>([^<]*)<\/time>/g)];
      expect(times.length, path).toBeGreaterThan(0);
      for (const [, datetime, text] of times) {
        const at = new Date(datetime ?? '').getTime();
        const beijing = new Date(at + 8 * 3_600_000).toISOString().replace('T', ' ');
        expect(text, path).toMatch(/ UTC\+8$/);
        expect(beijing, path).toContain(text?.replace(' UTC+8', '') ?? '');
      }
      // No UTC stamp shown as text anywhere (the old pages mixed 23:30:05Z with local times).
      const shown = html.replace(/<[^>]+>/g, ' ');
      expect(shown, path).not.toMatch(/\d{2}:\d{2}(:\d{2})?(\.\d+)?Z\b|\d{4}-\d{2}-\d{2}T\d{2}:/);
    }
    await emu.close();
  });
});
