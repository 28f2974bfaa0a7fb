import { jsapiSignature } from '@wxkit/core';
import type { Command } from 'commander';
import type { CliIO } from '../io.js';

export function register(program: Command, io: CliIO): void {
  program
    .command('sign')
    .description('compute a JS-SDK signature (sha1 of jsapi_ticket, noncestr, timestamp, url without #)')
    .requiredOption('--ticket <ticket>', 'the jsapi ticket (or the agent ticket for wx.agentConfig)')
    .requiredOption('--noncestr <nonce>', 'the nonceStr passed to wx.config')
    .requiredOption('--timestamp <seconds>', 'the timestamp passed to wx.config, in seconds')
    .requiredOption('--url <url>', 'the page URL; anything after # is dropped')
    .option('--json', 'print {"signature","string1"}')
    .action((o: { ticket: string; noncestr: string; timestamp: string; url: string; json?: boolean }) => {
      const result = jsapiSignature({
        ticket: o.ticket,
        nonceStr: o.noncestr,
        timestamp: o.timestamp,
        url: o.url,
      });
      if (o.json) return io.out(JSON.stringify(result));
      io.out(`string1: ${result.string1}`);
      io.out(result.signature);
    });
}
