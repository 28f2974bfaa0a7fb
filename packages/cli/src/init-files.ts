/** What `wxkit init` writes for every project: the config (no secrets) and the emulator's seed. */
import { DEFAULT_CONFIG_FILE } from './config.js';

export const SEED_FILE = 'wxkit.seed.yaml';
/** The secret the seed gives the emulated app; the next-step line sets the config's variable to it. */
export const LOCAL_SECRET = 'local-emulator-secret';

const SHARED = `homeUrl: http://localhost:3000/     # the page the app opens
trustedDomains: [localhost:3000]    # host[:port], exact match
redirectUri: http://localhost:3000/wx/callback
jssdkUrls: [http://localhost:3000/]
emulator:
  seed: ${SEED_FILE}           # read by \`wxkit emulator\` and \`wxkit dev\`
`;

export const CONFIG = {
  wecom: `# wxkit config for a WeCom self-built app. Secrets come from the environment, never from this file.
platform: wecom
corpId: ww0123456789abcdef          # 我的企业 → 企业信息 → 企业ID
agentId: 1000002                    # 应用管理 → your app → AgentId
secret: \${WECOM_SECRET}            # 应用管理 → your app → Secret
${SHARED}# verifyFile: WW_verify_XXXX.txt    # served at the domain root with body XXXX
menu:
  button:
    - { type: view, name: 填写问卷, url: "http://localhost:3000/" }
    - { type: click, name: 查看结果, key: RESULTS }
`,
  oa: `# wxkit config for an Official Account (服务号). Secrets come from the environment, never from this file.
platform: oa
appId: wx0123456789abcdef           # 设置与开发 → 基本配置 → AppID
secret: \${OA_SECRET}               # 设置与开发 → 基本配置 → AppSecret
${SHARED}# verifyFile: MP_verify_XXXX.txt    # served at the domain root with body XXXX
menu:
  button:
    - { type: view, name: 填写问卷, url: "http://localhost:3000/" }
    - { type: click, name: 查看结果, key: RESULTS }
`,
};

export const SEED = {
  wecom: `# Emulator seed, read by \`wxkit emulator\` and \`wxkit dev\` through emulator.seed in ${DEFAULT_CONFIG_FILE}
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
        secret: ${LOCAL_SECRET}
        trustedDomains: ["localhost:3000"]
        webLoginDomains: ["localhost:3000"]
        homeUrl: http://localhost:3000/
        allowedIps: []
        visibleTo: { departments: [1] }
officialAccounts: []
`,
  oa: `# Emulator seed, read by \`wxkit emulator\` and \`wxkit dev\` through emulator.seed in ${DEFAULT_CONFIG_FILE}
wecom: []
officialAccounts:
  - appId: wx0123456789abcdef
    name: My Account
    secret: ${LOCAL_SECRET}
    oauthDomains: ["localhost:3000"]
    jsDomains: ["localhost:3000"]
    ipWhitelist: []
    followers:
      - { openid: o-xiaoming, nickname: 小明 }
    # 我的模板: template messages need one (message/template/send answers 40037 for any other id).
    templates:
      - template_id: wxkitSurveyResult00000000000000000000000000
        title: 问卷结果通知
        content: "问卷名称：{{thing1.DATA}}\\n提交时间：{{time2.DATA}}\\n结果：{{thing3.DATA}}"
`,
};
