import { isWxConfigError, jsapiSignature } from '@wxkit/core';
import type { Command } from 'commander';
import { CliExit, type CliIO } from '../io.js';

interface Options {
  ticket: string;
  noncestr: string;
  timestamp: string;
  url: string;
  json?: boolean;
}

export function register(program: Command, io: CliIO): void {
  program
    .command('sign')
    .description('compute a JS-SDK signature (sha1 of jsapi_ticket, noncestr, timestamp, url without #)')
    .requiredOption('--ticket <ticket>', 'the jsapi ticket (or the agent ticket for wx.agentConfig)')
    .requiredOption('--noncestr <nonce>', 'the nonceStr passed to wx.config')
    .requiredOption('--timestamp <seconds>', 'the timestamp passed to wx.config, in seconds')
    .requiredOption('--url <url>', 'the page URL; anything after # is dropped')
    .option('--json', 'print {"signature","string1"}')
    .addHelpText(
      'after',
      '\nExample (the official vector):\n  wxkit sign --ticket sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg \\\n    --noncestr Wm3WZYTPz0wzccnW --timestamp 1414587457 --url "http://mp.weixin.qq.com?params=value"',
    )
    .action((o: Options) => {
      let result: { signature: string; string1: string };
      try {
        result = jsapiSignature({
          ticket: o.ticket,
          nonceStr: o.noncestr,
          timestamp: o.timestamp,
          url: o.url,
        });
      } catch (error) {
        if (isWxConfigError(error)) throw new CliExit(`wxkit sign: ${error.message}`, 2);
        throw error;
      }
      if (o.json) return io.out(JSON.stringify(result));
      // The string that was hashed comes first so a mismatch with the page's own can be spotted by eye.
      io.out(`string1: ${result.string1}`);
      io.out(result.signature);
    });
}
