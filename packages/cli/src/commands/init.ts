import { access, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE } from '../config.js';
import { CliExit, type CliIO } from '../io.js';

const CONFIG = `# wxkit config for a WeCom self-built app. Secrets come from the environment, never from this file.
platform: wecom
corpId: ww0123456789abcdef          # 我的企业 → 企业信息 → 企业ID
agentId: 1000002                    # 应用管理 → your app → AgentId
secret: \${WECOM_SECRET}            # 应用管理 → your app → Secret
homeUrl: http://localhost:3000/     # 工作台应用主页
trustedDomains: [localhost:3000]    # 可信域名: host[:port], exact match
redirectUri: http://localhost:3000/wx/callback
jssdkUrls: [http://localhost:3000/]
# verifyFile: WW_verify_XXXX.txt    # served at the domain root with body XXXX
menu:
  button:
    - { type: view, name: 填写问卷, url: "http://localhost:3000/" }
    - { type: click, name: 查看结果, key: RESULTS }
`;

const SEED = `# Emulator seed: wxkit emulator --seed wxkit.seed.yaml
wecom:
  - corpId: ww0123456789abcdef
    name: My Corp
    departments: [{ id: 1, name: 总部 }, { id: 2, name: 研发部, parentId: 1 }]
    members:
      - { userid: zhangsan, name: 张三, department: [2] }
      - { userid: lisi, name: 李四, department: [2] }
    apps:
      - agentId: 1000002
        name: My App
        secret: local-emulator-secret
        trustedDomains: ["localhost:3000"]
        webLoginDomains: ["localhost:3000"]
        homeUrl: http://localhost:3000/
        allowedIps: []
        visibleTo: { departments: [1] }
officialAccounts: []
`;

export function register(program: Command, io: CliIO): void {
  program
    .command('init')
    .description(`write ${DEFAULT_CONFIG_FILE} and wxkit.seed.yaml for a new app`)
    .option('--force', 'overwrite existing files')
    .action(async (o: { force?: boolean }) => {
      for (const [file, body] of [
        [DEFAULT_CONFIG_FILE, CONFIG],
        ['wxkit.seed.yaml', SEED],
      ] as const) {
        const path = `${io.cwd}/${file}`;
        const exists = await access(path).then(
          () => true,
          () => false,
        );
        if (exists && !o.force) throw new CliExit(`wxkit init: ${file} exists; pass --force to overwrite`, 1);
        await writeFile(path, body);
        io.out(`wrote ${file}`);
      }
      io.out(
        'next: WECOM_SECRET=local-emulator-secret wxkit doctor   (with WXKIT_EMULATOR_HOST set to a running emulator)',
      );
    });
}
