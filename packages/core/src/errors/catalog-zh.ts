import { CATALOG_ZH_SUITES } from './catalog-zh-suites.js';
import { CATALOG_ZH_USAGE } from './catalog-zh-usage.js';
import type { CatalogRows } from './entry.js';
import { both, oa, wecom } from './entry.js';

/**
 * The catalog in Chinese, by errcode and platform like the English one (with catalog-zh-usage.ts and
 * catalog-zh-suites.ts). `catalog.test.ts` fails for a Chinese row the English catalog lacks, and for an English
 * row without its Chinese one.
 */
const CATALOG_ZH_CORE: CatalogRows = {
  [-1]: both(
    '系统繁忙',
    ['平台侧的临时故障'],
    '稍后带退避重试（wxkit 自动重试，共最多 3 次）；平台要求重试不超过 3 次',
  ),
  40001: {
    ...wecom(
      'secret 不正确',
      [
        'corpsecret 缺失或填错',
        'corpid 与 corpsecret 不属于同一企业或应用',
        '管理后台重置了 secret',
        '应用已停用',
      ],
      '从管理后台（应用管理 → 该应用）重新复制 Secret，并核对企业 ID；这是配置问题，重试不会好',
    ),
    ...oa(
      '凭证无效：AppSecret 错误，或 access_token 无效/不是最新',
      [
        '另一台服务器或进程调用了 /cgi-bin/token，本进程的 token 在 5 分钟重叠期后失效',
        'AppSecret 填错或已重置',
        '用了另一个公众号的 token',
      ],
      '所有进程共用一个 token（共享存储如 @wxkit/redis，或 stable_token）；wxkit 会丢弃缓存的 token 并重新获取一次，仍失败请检查凭证',
    ),
  },
  40003: {
    ...wecom(
      'UserID 不合法',
      ['成员不在通讯录中或已离职', 'UserID 格式错误或大小写不符', '第三方应用需用加密后的 ID'],
      '用通讯录里的 UserID（成员详情页的“账号”），确认成员仍在职',
    ),
    ...oa(
      'OpenID 不合法',
      ['用户未关注或已取消关注', 'openid 属于另一个公众号'],
      '只使用本公众号网页授权或事件中拿到的 openid',
    ),
  },
  40013: {
    ...wecom('CorpID 不合法', ['企业 ID 有错字或多余空格'], '从 我的企业 → 企业信息 复制企业ID'),
    ...oa('AppID 不合法', ['AppID 有错字、多余空格或大小写不对'], '从 设置与开发 → 基本配置 复制 AppID'),
  },
  40014: both(
    'access_token 不合法',
    [
      'token 已过期或被截断',
      '用了别的应用或企业的 token',
      'token 种类不对（access_token / suite_access_token / provider_access_token）',
    ],
    'wxkit 会丢弃缓存的 token 并重新获取一次；仍失败请检查是否混用了不同应用的 token',
  ),
  40029: both(
    'code 无效',
    [
      'code 已被使用：只能换一次（例如两台服务器或一次重复请求都去换同一个 code）',
      'code 超过 5 分钟',
      '刷新了地址栏里仍带着 ?code= 的页面',
      'code 来自另一个应用（appid/secret 不匹配）',
    ],
    '每个 code 只换一次：@wxkit/server 在 5 分钟内对同一登录重复提交的 code 返回同一成员，并从地址栏移除 code；重新走一次登录即可',
  ),
  40163: oa('code 已被使用', ['同一个网页授权 code 被换了两次'], '每个 code 只换一次；重新走一次登录'),
  41001: both(
    '缺少 access_token',
    ['请求没有带 access_token 参数（必须在 URL 查询串里，不能在请求体里）'],
    '把 access_token 放在 URL 里；用 @wxkit/core 的客户端会自动带上',
  ),
  42001: both(
    'access_token 已过期',
    ['缓存的 token 超过了 expires_in'],
    'wxkit 会重新获取；提前刷新（在过期前）可避免这个错误',
  ),
  42003: both('code 已过期', ['code 超过 5 分钟才去换'], '拿到 code 后立即换取成员身份；重新走一次登录'),
  45009: {
    ...wecom(
      '接口调用超过频率限制',
      [
        '每次请求都去取 token 或 ticket，没有缓存',
        '用错误的 secret 反复重试会封禁 IP 一小时',
        '服务商每次请求或每个进程都去取 suite_access_token 或企业 token',
      ],
      '降低频率并缓存 token 和 ticket（wxkit 全进程共享一份）；查看 频率限制 文档',
    ),
    ...oa(
      '接口调用超过每日限额',
      ['每次请求都去取 /cgi-bin/token（每天 2000 次）'],
      '缓存 token（wxkit 全进程共享一份）；必要时在后台或用 clear_quota 清零',
    ),
  },
  45011: oa('接口调用超过每分钟限额', ['一分钟内调用过多'], '放慢速度，下一分钟再试'),
  47001: both(
    '数据格式错误',
    ['请求体不是合法的 JSON，或字段类型不对（例如菜单缺少 button 数组）'],
    '对照文档检查请求体；菜单可先用 wxkit menu validate 检查',
  ),
  48001: {
    ...wecom(
      '接口未授权',
      ['应用没有这个接口的权限（如发票接口需要认证企业）'],
      '在管理后台为应用开通接口权限，或换用有权限的 secret',
    ),
    ...oa(
      '接口未授权',
      ['账号类型或认证状态没有这个接口的权限', '用 snsapi_base 的 token 调了 /sns/userinfo'],
      '在后台确认接口权限，换用对应的 token 或 scope',
    ),
  },
  50001: {
    ...wecom(
      'redirect_uri 不在可信域名内',
      ['回调地址的域名（含端口）与应用的可信域名不完全一致', '用另一个应用的 token 换 code'],
      '在 应用管理 → 该应用 → 网页授权及JS-SDK 设置可信域名（只写域名和端口，不带协议），或把 redirect_uri 改到可信域名上；反向代理后面请设置 publicUrl',
    ),
    ...oa('用户未授权该接口', ['用户没有授权这个接口'], '让用户重新授权（snsapi_userinfo）'),
  },
  60011: wecom(
    '没有访问该成员/部门/标签的权限',
    ['成员不在应用的可见范围内', '用应用 secret 调了通讯录写接口'],
    '在 应用管理 → 该应用 → 可见范围 加入成员或部门；通讯录写接口要用通讯录同步的 secret',
  ),
  60020: wecom(
    '访问 IP 不在企业可信IP 内',
    ['服务器出口 IP 没有加到应用的 企业可信IP', '出口 IP 变了（家庭宽带、NAT、云出口）'],
    '在 应用管理 → 该应用 → 企业可信IP 加入服务器的出口 IP，约 1 分钟后生效；出口 IP 会变时，经固定 IP 的代理调用',
  ),
  40164: oa(
    '调用 IP 不在白名单内',
    ['服务器出口 IP 没有加到 IP 白名单'],
    '在 设置与开发 → 基本配置 → IP白名单 加入服务器的出口 IP',
  ),
  40093: wecom(
    'JS-SDK 签名错误（config:invalid signature）',
    [
      '签名用的 URL 与页面实际 URL 不一致（不能带 #；iOS 用进入页面时的 URL）',
      'ticket 已失效：例如应用缓存（Redis）里的 ticket 来自上一次运行的模拟器',
      '用了企业的 jsapi_ticket 去签 agentConfig（应该用应用的 ticket）',
    ],
    '对完全相同的 URL 签名；用模拟器开发时用 wxkit dev 保留模拟器状态（.wxkit/emulator-state.json），或清空应用缓存的 ticket',
  ),
  40056: wecom('agentid 不合法', ['AgentId 填错，或不属于这个企业'], '从 应用管理 → 该应用 复制 AgentId'),
  40125: {
    ...wecom(
      'open_userid 不合法',
      ['open_userid 来自另一个服务商或被改动'],
      '使用本服务商接口返回的 open_userid',
    ),
    ...oa('AppSecret 不合法', ['AppSecret 填错或已重置'], '从 设置与开发 → 基本配置 重新获取 AppSecret'),
  },
  46003: oa('菜单不存在', ['公众号还没有自定义菜单'], '先用 wxkit menu push 创建菜单'),
  48002: wecom(
    '该应用或 secret 不允许调用此接口',
    [
      '所用的 secret（应用、通讯录同步、客户联系）没有这个接口的权限',
      '用应用的 token 调了 user/list_id：只有通讯录同步 secret 能调',
    ],
    '换用有权限的 secret，或在后台开通接口权限',
  ),
  80001: wecom(
    '可信域名不正确或未验证',
    ['域名没有通过归属验证或未备案'],
    '在后台完成域名归属验证（WW_verify 文件放在域名根目录），域名需已 ICP 备案且主体与企业一致',
  ),
  85005: wecom(
    '域名归属验证未通过',
    ['WW_verify 文件没有放在域名根目录，或内容不对'],
    '把下载的 WW_verify_xxx.txt 原样放在域名根目录（@wxkit/server 的 verifyFiles 会返回它）',
  ),
  40008: both(
    '消息类型不合法',
    [
      'msgtype 不是接口支持的类型',
      'msgtype 写的是一种类型，消息体里是另一种（msgtype 为 text 却带 markdown 对象）',
      '用 GET 或表单而不是 JSON 发送',
    ],
    '用 JSON 发送，msgtype 与同名对象一致（msgtype 为 template_card 时带 template_card: {…}）',
  ),
  40058: wecom(
    '参数不合法',
    ['JSON 格式错误、字段过长或数组过大', 'POST 接口用了 GET'],
    '对照接口文档检查请求体',
  ),
  40091: wecom('secret 不合法', ['用了别的企业的 secret'], '使用本企业应用的 secret'),
  41004: wecom('缺少 corpsecret', ['gettoken 调用没有带 corpsecret'], '把 corpSecret 传给 createWeCom'),
  41008: both('缺少 code', ['页面不是经授权页跳转打开的，地址里没有 ?code='], '从授权链接开始登录'),
  42002: oa(
    'refresh_token 已过期',
    ['网页授权的 refresh_token 超过 30 天'],
    '让用户重新走一次网页授权（authorizeUrl）',
  ),
  42007: oa('用户的授权已失效', ['用户修改了密码或取消了授权'], '让用户重新走一次网页授权'),
  43004: {
    ...wecom(
      '成员没有绑定微信',
      ['user/convert_to_openid：成员没用微信登录过企业微信，也没关注微工作台', '成员还没激活企业微信'],
      '请成员用微信登录企业微信（或关注微工作台）后再转换',
    ),
    ...oa(
      '用户没有关注公众号',
      ['用户已取消关注', '模板消息只能发给关注者'],
      '只发给当前的关注者；用户重新关注后即可再发',
    ),
  },
  45015: oa(
    '回复时间超过限制或用户已取消关注',
    [
      '用户不在客服消息窗口内（发消息后 48 小时内；2023-06 起点击菜单、关注、扫码后只有 1 分钟）',
      '用户已取消关注',
    ],
    '窗口外改用模板消息，或等用户给公众号发消息',
  ),
  50002: {
    ...wecom('成员不在应用的权限范围内', ['成员不在应用的可见范围内'], '在应用的 可见范围 加入该成员或部门'),
    ...oa('用户受限', ['用户因违规被限制'], '服务端无需处理'),
  },
  60111: wecom('UserID 不存在', ['通讯录里没有这个成员'], '检查 userid'),
  81013: wecom(
    '接收人全部无效',
    ['所有成员、部门、标签都不存在或不在可见范围内'],
    '对照应用的可见范围检查接收人',
  ),
  82001: wecom('接收人全部为空', ['touser、toparty、totag 都是空的'], '至少指定一个接收人'),
  301002: wecom(
    'token 所属应用无权使用请求里的 agentid',
    ['message/send 的 agentid 与生成 token 的应用不是同一个'],
    '用 agentid 对应应用的 token',
  ),
  [-40001]: both(
    '回调签名不一致',
    ['Token 填错', '请求体或查询参数被改动（例如被代理重新编码）'],
    '使用应用的回调 Token，并用原始请求体验签',
  ),
  [-40002]: both('回调 XML 解析失败', ['不是平台发来的 XML，或带有 DOCTYPE/实体'], '传入原始请求体'),
  [-40003]: both('无法计算签名', ['缺少 timestamp、nonce 或消息体'], '传入全部查询参数'),
  [-40004]: both('EncodingAESKey 不合法', ['必须是 43 个字符，解码后为 32 字节'], '重新复制 EncodingAESKey'),
  [-40005]: both(
    'ReceiveId 不一致',
    ['消息是发给另一个企业 ID / AppID 的'],
    'ReceiveId 用企业ID（企业微信）或 AppID（公众号）',
  ),
  [-40006]: both('AES 加密失败', ['密钥不合法'], '检查 EncodingAESKey'),
  [-40007]: both('AES 解密失败', ['EncodingAESKey 不对', '密文被改动'], '使用应用的 EncodingAESKey'),
  [-40008]: both(
    '解密后的数据格式不对',
    ['密钥错误或密文损坏（填充或长度不对）'],
    '使用应用的 EncodingAESKey',
  ),
  [-40009]: both('Base64 编码失败', ['内部错误'], '请报告问题'),
  [-40010]: both(
    'Base64 解码失败',
    ['Encrypt 字段或 echostr 不是 base64（漏了 URL 解码或解码了两次）'],
    'echostr 只做一次 URL 解码',
  ),
  [-40011]: both('生成回复 XML 失败', ['内部错误'], '请报告问题'),
};

/** Every Chinese row, merged per platform (a code may have its WeCom and OA rows in different files). */
export const CATALOG_ZH: CatalogRows = {};
for (const part of [CATALOG_ZH_CORE, CATALOG_ZH_USAGE, CATALOG_ZH_SUITES])
  for (const [code, row] of Object.entries(part))
    CATALOG_ZH[Number(code)] = { ...CATALOG_ZH[Number(code)], ...row };

/** The platform's own errmsg for a code, where it is known (the text before `, hint:` / ` rid:`). */
export const PLATFORM_ERRMSG: Record<number, { wecom?: string; oa?: string }> = {
  [-1]: { wecom: 'system busy', oa: 'system error' },
  40001: { wecom: 'invalid credential', oa: 'invalid credential, access_token is invalid or not latest' },
  40003: { oa: 'invalid openid' },
  40013: { wecom: 'invalid corpid', oa: 'invalid appid' },
  40014: { wecom: 'invalid access_token', oa: 'invalid access_token' },
  40029: { wecom: 'invalid code', oa: 'invalid code' },
  40125: { oa: 'invalid appsecret' },
  40163: { oa: 'code been used' },
  40164: { oa: 'invalid ip, not in whitelist' },
  45009: { wecom: 'api freq out of limit', oa: 'reach max api daily quota limit' },
  45011: { oa: 'api minute-quota reach limit must slower retry next minute' },
  48001: { oa: 'api unauthorized' },
  60011: { wecom: 'no privilege to access/modify contact/party/agent' },
  60020: { wecom: 'not allow to access from your ip' },
};
