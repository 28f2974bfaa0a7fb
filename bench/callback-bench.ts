import { createOfficialAccount, createWeCom, parseXmlTree, silentLogger } from '@wxkit/core';
import { createWxServer } from '@wxkit/server';
import { eventsRequest } from '../packages/server/test/helpers.js';
import { legacyParseXml } from './legacy-callback-xml.js';

// Callback input cost: crafted bodies through the old and new XML readers, how the new one scales, and what a
// crafted 64 KB body costs the /wx/events route before its signature is known to be bad.
const KB = 1024;
const fill = (unit: string, size: number) =>
  `<xml>${unit.repeat(Math.floor((size - 11) / unit.length))}</xml>`;
const hostile: Record<string, string> = {
  'unterminated CDATA': '<A><![CDATA[',
  'CDATA without closing tag': '<A><![CDATA[x]]>',
  'bare entities': '<A>&amp;</A>',
  'open tags': '<A>',
  'ampersands without ;': '&&&&&&&&',
};
const legit = `<xml>${Array.from({ length: 900 }, (_, i) => `<Item${i % 7}><![CDATA[value ${i} ]]]]><![CDATA[> x]]></Item${i % 7}>`).join('')}</xml>`;

/**
 * Best milliseconds of `runs` calls after as many warm-up calls (errors are the expected outcome for hostile
 * input). Best, not median: the machine is shared, and other load only ever adds time.
 */
function ms(fn: () => unknown, runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs * 2; i++) {
    const start = performance.now();
    try {
      fn();
    } catch {}
    if (i >= runs) times.push(performance.now() - start);
  }
  return Math.min(...times);
}
const f = (n: number) => (n < 0.1 ? n.toFixed(3) : n.toFixed(1));

console.log('parse of a 64 KB body: before (regex reader, fd1b872) -> after (tree parser)');
for (const [name, unit] of Object.entries(hostile)) {
  const body = fill(unit, 64 * KB);
  console.log(
    `  ${name.padEnd(28)} ${f(ms(() => legacyParseXml(body), 3)).padStart(7)} ms -> ${f(ms(() => parseXmlTree(body)))} ms`,
  );
}
console.log(
  `  ${`legit (${(legit.length / KB).toFixed(0)} KB, 900 fields)`.padEnd(28)} ${f(ms(() => legacyParseXml(legit))).padStart(7)} ms -> ${f(ms(() => parseXmlTree(legit)))} ms`,
);

// Inputs the parser reads to the end (limits raised), so the time is the whole pass.
const full: Record<string, string> = {
  'sibling elements': '<A>x</A>',
  'bare entities': '<A>&amp;&#x4E2D;</A>',
  'split CDATA': '<A><![CDATA[a]]]]><![CDATA[>b]]></A>',
  'nesting 15 deep': `${'<a>'.repeat(15)}v${'</a>'.repeat(15)}`,
};
console.log('tree parser, whole pass (ms at 16 / 32 / 64 / 128 KB; linear means doubling):');
for (const [name, unit] of Object.entries(full)) {
  const row = [16, 32, 64, 128].map((k) => {
    const body = fill(unit, k * KB);
    return ms(() => parseXmlTree(body, { maxLength: 256 * KB, maxElements: 1e6 }), 9);
  });
  console.log(`  ${name.padEnd(28)} ${row.map(f).join(' / ')}`);
}

// The route: the server is in-process (handle with a web Request), the body a crafted 64 KB string.
const now = Date.now();
const ts = String(Math.floor(now / 1000));
const session = { secret: 'bench-secret-0123456789abcdefghijklmn' };
const wecom = createWxServer({
  wecom: createWeCom({
    corpId: 'ww01',
    corpSecret: 'x'.repeat(32),
    agentId: 1,
    env: {},
    logger: silentLogger,
  }),
  session,
  callback: { token: 'BenchToken', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' },
  logger: silentLogger,
});
const oa = createWxServer({
  officialAccount: createOfficialAccount({
    appId: 'wx01',
    appSecret: 'x'.repeat(32),
    env: {},
    logger: silentLogger,
  }),
  session,
  callback: { token: 'BenchToken' },
  logger: silentLogger,
});
const crafted = fill('<A><![CDATA[', 64 * KB);
let bodyReads = 0;
const call = (search: string) =>
  eventsRequest(search, () => {
    bodyReads++;
    return crafted;
  });
async function route(server: typeof wecom, search: string, runs = 50) {
  bodyReads = 0;
  let status = 0;
  const start = performance.now();
  for (let i = 0; i < runs; i++) status = (await server.handle(call(search)))?.status ?? 0;
  return { perRequest: (performance.now() - start) / runs, status, bodyReads: bodyReads / runs };
}
const forged = '0'.repeat(40);
const cases: [string, typeof wecom, string][] = [
  ['WeCom, forged msg_signature', wecom, `msg_signature=${forged}&timestamp=${ts}&nonce=1`],
  ['WeCom, stale timestamp', wecom, `msg_signature=${forged}&timestamp=${Number(ts) - 3600}&nonce=1`],
  ['WeCom, malformed query', wecom, 'msg_signature=abc&timestamp=1&nonce=1'],
  ['OA plaintext, forged signature', oa, `signature=${forged}&timestamp=${ts}&nonce=1`],
];
const before = ms(() => legacyParseXml(crafted), 3);
console.log(
  `/wx/events with a crafted 64 KB body (before: the old route parsed it first, ${f(before)} ms per request):`,
);
for (const [name, server, search] of cases) {
  const r = await route(server, search);
  console.log(
    `  ${name.padEnd(32)} ${f(r.perRequest)} ms per request, HTTP ${r.status}, body read ${r.bodyReads}x`,
  );
}
