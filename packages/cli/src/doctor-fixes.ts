import type { Lang } from './lang.js';

/** What doctor tells the developer to change, and where, in each language. */
export interface Fixes {
  wecomIp(from: string, agentId: number): string;
  wecomSecret(agentId: number): string;
  wecomCorpId(corpId: string): string;
  oaIp(from: string): string;
  oaSecret: string;
  oaAppId(appId: string): string;
  unreachable(host: string): string;
  trustDomain(redirectHost: string, domain: string): string;
  configDomains(domain: string, listed: string): string;
  homePage(homeUrl: string): string;
  jssdkHost(domain: string, host: string): string;
  enableApp: string;
  oaPort: string;
  oaOauthDomain(host: string): string;
  oaJsDomain(host: string): string;
  verifyName: string;
  startApp: string;
  verifyBody(file: string, token: string): string;
  sawIp(ip: string): string;
}

const EN: Fixes = {
  wecomIp: (from, agentId) =>
    `add this server's outbound IP${from} to 应用管理 → the app (AgentId ${agentId}) → 企业可信IP; it applies after about a minute. Behind NAT or a cloud egress the IP changes: send platform calls through a fixed-IP egress proxy`,
  wecomSecret: (agentId) =>
    `secret is not this app's Secret: copy it from 应用管理 → the app with AgentId ${agentId} → Secret (not another app's, not the contacts secret)`,
  wecomCorpId: (corpId) => `corpId ${corpId} is not a CorpID: copy it from 我的企业 → 企业信息 → 企业ID`,
  oaIp: (from) => `add this server's outbound IP${from} to 设置与开发 → 基本配置 → IP白名单`,
  oaSecret:
    'secret is not the AppSecret of this account: reset or copy it in 设置与开发 → 基本配置 → AppSecret',
  oaAppId: (appId) =>
    `appId ${appId} is not this account's AppID: copy it from 设置与开发 → 基本配置 → AppID`,
  unreachable: (host) => `${host} could not be reached; check DNS, the firewall and any egress proxy`,
  trustDomain: (redirectHost, domain) =>
    `set 可信域名 to ${redirectHost} in 应用管理 → the app → 网页授权及JS-SDK (host and port exactly, no scheme), or point redirectUri at ${domain || 'the trusted domain'}`,
  configDomains: (domain, listed) =>
    `make trustedDomains [${domain}] in the config, or set 可信域名 to ${listed} on the platform`,
  homePage: (homeUrl) =>
    `wxkit workbench set --home-url ${homeUrl}   (or 应用管理 → the app → 工作台应用主页)`,
  jssdkHost: (domain, host) =>
    `serve the page from ${domain || 'the trusted domain'}, or make ${host} the 可信域名 (it must pass the WW_verify file check)`,
  enableApp: 'enable it in 应用管理 → the app',
  oaPort: 'serve the callback on port 80/443 behind the domain',
  oaOauthDomain: (host) => `add ${host} under 设置与开发 → 公众号设置 → 功能设置 → 网页授权域名`,
  oaJsDomain: (host) => `add ${host} under 设置与开发 → 公众号设置 → 功能设置 → JS接口安全域名`,
  verifyName: 'copy the file name exactly as the admin console offers it for download',
  startApp: 'start the app, then run doctor again',
  verifyBody: (file, token) =>
    `serve ${file} at the domain root with the body ${token} and nothing else (@wxkit/server's verification route does this)`,
  sawIp: (ip) => ` (the platform saw ${ip})`,
};

const ZH: Fixes = {
  wecomIp: (from, agentId) =>
    `把这台服务器的出口 IP${from} 加到 应用管理 → 该应用（AgentId ${agentId}）→ 企业可信IP，约 1 分钟后生效。在 NAT 或云出口后面 IP 会变：经固定 IP 的出口代理调用平台接口`,
  wecomSecret: (agentId) =>
    `secret 不是这个应用的 Secret：从 应用管理 → AgentId 为 ${agentId} 的应用 → Secret 复制（不是别的应用的，也不是通讯录同步的 secret）`,
  wecomCorpId: (corpId) => `corpId ${corpId} 不是企业ID：从 我的企业 → 企业信息 → 企业ID 复制`,
  oaIp: (from) => `把这台服务器的出口 IP${from} 加到 设置与开发 → 基本配置 → IP白名单`,
  oaSecret: 'secret 不是这个公众号的 AppSecret：在 设置与开发 → 基本配置 → AppSecret 重置或复制',
  oaAppId: (appId) => `appId ${appId} 不是这个公众号的 AppID：从 设置与开发 → 基本配置 → AppID 复制`,
  unreachable: (host) => `连不上 ${host}：检查 DNS、防火墙和出口代理`,
  trustDomain: (redirectHost, domain) =>
    `在 应用管理 → 该应用 → 网页授权及JS-SDK 把可信域名设为 ${redirectHost}（域名和端口完全一致，不带协议），或把 redirectUri 改到 ${domain || '可信域名'} 上`,
  configDomains: (domain, listed) =>
    `把配置里的 trustedDomains 改为 [${domain}]，或在平台上把可信域名设为 ${listed}`,
  homePage: (homeUrl) =>
    `wxkit workbench set --home-url ${homeUrl}   （或 应用管理 → 该应用 → 工作台应用主页）`,
  jssdkHost: (domain, host) =>
    `从 ${domain || '可信域名'} 提供页面，或把 ${host} 设为可信域名（需要通过 WW_verify 文件校验）`,
  enableApp: '在 应用管理 → 该应用 中启用它',
  oaPort: '回调走域名的 80/443 端口',
  oaOauthDomain: (host) => `在 设置与开发 → 公众号设置 → 功能设置 → 网页授权域名 加入 ${host}`,
  oaJsDomain: (host) => `在 设置与开发 → 公众号设置 → 功能设置 → JS接口安全域名 加入 ${host}`,
  verifyName: '文件名要与管理后台下载的完全一致',
  startApp: '先启动应用，再运行 doctor',
  verifyBody: (file, token) =>
    `在域名根目录提供 ${file}，内容只有 ${token}（@wxkit/server 的 verifyFiles 会这样返回）`,
  sawIp: (ip) => `（平台看到的是 ${ip}）`,
};

export const fixesFor = (lang: Lang): Fixes => (lang === 'zh' ? ZH : EN);
