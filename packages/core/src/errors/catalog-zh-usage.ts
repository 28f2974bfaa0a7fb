import type { CatalogRows } from './entry.js';
import { both, oa, wecom } from './entry.js';

/**
 * Chinese for the codes of day-to-day calls: menus, media, follower and template APIs, QR codes, contacts, request
 * shape. Meanings follow the platforms' own Chinese error tables (WeCom 全局错误码, 公众号 全局返回码) where they have
 * one; causes and fixes are ours, matching the English rows.
 */
export const CATALOG_ZH_USAGE: CatalogRows = {
  10003: oa(
    'redirect_uri 域名与后台配置不一致',
    ['网页授权域名与回调地址的域名不一致'],
    '把 网页授权域名 设为回调地址的域名（不带协议和端口）；反向代理后面请设置 publicUrl',
  ),
  10005: oa('此公众号没有该 scope 的权限', ['只有认证的服务号才能使用网页授权'], '使用认证的服务号'),
  40002: oa(
    '不合法的凭证类型（grant_type）',
    ['/cgi-bin/token 或 stable_token 的 grant_type 不是 client_credential'],
    '传 grant_type=client_credential（wxkit 已这样做）',
  ),
  40004: both(
    '不合法的媒体文件类型',
    ['上传的 type 不是 image、voice、video 或 file（公众号为 thumb 而不是 file）'],
    '传平台列出的媒体类型之一作为 type',
  ),
  40005: both(
    '不合法的文件类型（上传素材文件格式不对）',
    ['文件内容不是该媒体类型接受的格式（图片 JPG/PNG，语音 AMR，视频 MP4）'],
    '转换文件格式，或按 file 类型上传',
  ),
  40006: both(
    '不合法的文件大小（上传素材文件大小超出限制）',
    ['文件不超过 5 字节，或超过该类型的上限（图片 10MB，语音 2MB，视频 10MB，文件 20MB）'],
    '压缩或拆分文件；企业微信更大的视频/文件可用 upload_by_url',
  ),
  40007: both(
    '不合法的媒体文件 id',
    [
      'media_id 已过期：临时素材只保存 3 天',
      '属于另一个企业或公众号（企业微信只在同一企业的应用之间共享素材）',
      '传递中被截断或改动（页面传来的 serverId 多了字符）',
    ],
    '重新上传（或让页面重新 uploadImage），3 天内使用新的 media_id',
  ),
  40015: both(
    '不合法的菜单类型',
    ['平台不认识的类型（企业微信：view_miniprogram；公众号：miniprogram）'],
    '运行 `wxkit menu validate`',
  ),
  40016: both('不合法的按钮个数', ['一级菜单超过 3 个（或一个都没有）'], '一级菜单用 1 到 3 个'),
  40017: both('不合法的按钮类型', ['平台不认识的按钮类型'], '运行 `wxkit menu validate`'),
  40018: both('不合法的按钮名字长度', ['一级菜单名称最多 16 个 UTF-8 字节（约 5 个汉字）'], '缩短名称'),
  40019: both('不合法的按钮 KEY 长度', ['KEY 最多 128 字节'], '缩短 KEY'),
  40020: both('不合法的按钮 URL 长度', ['URL 最多 1024 字节'], '缩短 URL'),
  40022: both('不合法的子菜单级数', ['菜单只有两级'], '去掉第三级'),
  40023: both('不合法的子菜单按钮个数', ['一个按钮下超过 5 个子按钮'], '子按钮用 1 到 5 个'),
  40024: both('不合法的子菜单按钮类型', ['子按钮的类型平台不认识'], '运行 `wxkit menu validate`'),
  40025: both('不合法的子菜单按钮名字长度', ['企业微信最多 40 字节；公众号最多 60 字节'], '缩短名称'),
  40026: both('不合法的子菜单按钮 KEY 长度', ['KEY 最多 128 字节'], '缩短 KEY'),
  40027: both('不合法的子菜单按钮 URL 长度', ['URL 最多 1024 字节'], '缩短 URL'),
  40030: oa(
    '不合法的 refresh_token',
    ['refresh_token 属于另一个应用，或被改动'],
    '使用与本应用网页 access_token 一起返回的 refresh_token；否则让用户重新走一次网页授权',
  ),
  40032: oa(
    '不合法的 openid 列表长度',
    ['user/info/batchget 一次超过 100 个用户（或为空）'],
    '按每批最多 100 个拆分（oa.users.batchGet 调用前就会拒绝过长的列表）',
  ),
  40037: oa(
    '不合法的 template_id',
    [
      '模板不在本公众号的“我的模板”里（已删除，或加在另一个公众号上）',
      '测试号的模板 id 用在正式号上（或反过来）',
    ],
    '列出本公众号的模板（templates.list()），使用其中的 template_id',
  ),
  40052: oa(
    '不合法的 action_name',
    ['qrcode/create 的 action_name 不是 QR_SCENE、QR_STR_SCENE、QR_LIMIT_SCENE 或 QR_LIMIT_STR_SCENE'],
    '用 oa.qrcode.create({ scene, expireSeconds? }) 或 { permanent: true, scene }，由它选择 action',
  ),
  40053: oa(
    '不合法的 action_info',
    [
      '缺少 action_info.scene，或 scene_id / scene_str 与 action 不符（QR_*STR_SCENE 用 scene_str）',
      'scene_id 超出范围：临时码 1..4294967295，永久码 1..100000',
      'scene_str 为空或超过 64 个字符',
    ],
    '传范围内的整数 scene，或 1..64 个字符的字符串 scene',
  ),
  40054: both(
    '不合法的子菜单按钮 URL（域名）',
    ['URL 不是以 http:// 或 https:// 开头'],
    '使用完整的 http(s) URL',
  ),
  40055: both(
    '不合法的菜单按钮 URL（域名）',
    ['URL 不是以 http:// 或 https:// 开头'],
    '使用完整的 http(s) URL',
  ),
  40066: wecom(
    '不合法的部门列表',
    ['部门列表为空，或其中的 id 不在通讯录里'],
    '传已存在的部门 id（departments.simpleList 可列出）',
  ),
  40068: wecom(
    '不合法的标签 ID',
    ['没有传 tagid，或没有这个 id 的标签（tag/get、totag）'],
    '从 tags.list 取 tagid',
  ),
  40097: oa(
    '参数错误',
    [
      'qrcode/create 的 expire_seconds 不是 1..2592000（30 天）之间的整数',
      'template/api_set_industry 的行业 id 不在行业代码表（1-41）里',
    ],
    'expireSeconds 不超过 30 天；需要更久的用永久码',
  ),
  40166: oa(
    '不合法的小程序 appid',
    ['模板消息、订阅通知或菜单里的 miniprogram.appid 不是本公众号关联的小程序'],
    '在公众平台 → 小程序管理 → 关联小程序，或改为只传 url',
  ),
  41002: wecom('缺少 corpid 参数', ['gettoken 调用没有 corpid'], '给 createWeCom 传 corpId'),
  41005: both(
    '缺少多媒体文件数据',
    ['multipart 请求体里没有名为 media 的部分'],
    '以 multipart/form-data 发送文件，部分名为 media，并带上 filename',
  ),
  41006: both('缺少 media_id 参数', ['调用没有 media_id'], '传 media_id'),
  41009: oa('缺少 openid', ['user/info（或其他粉丝接口）调用时没有 openid'], '传本公众号粉丝的 openid'),
  41011: wecom('缺少 agentid 参数', ['调用应用接口时没有 agentid'], '给 createWeCom 传 agentId'),
  42014: wecom(
    '任务卡片消息的 task_id 不合法',
    [
      '本应用已发过同一个 task_id 的卡片（task_id 在应用内永久唯一）',
      '按钮/投票/多项选择卡片或带 action_menu 的卡片没有 task_id',
      'task_id 超过 128 字节，或含有数字、字母和 _ - @ 以外的字符',
    ],
    '每张交互卡片用新的 task_id，例如 `survey-<id>-<时间戳>`',
  ),
  43001: oa('需要 GET 请求', ['调用用了 POST'], '改用 GET 调用'),
  43002: oa('需要 POST 请求', ['调用用了 GET'], '改用 POST 并带 JSON 请求体'),
  43003: oa('需要 HTTPS 请求', ['调用用了 HTTP'], '调用 https://api.weixin.qq.com'),
  43100: oa(
    '修改所属行业太频繁',
    ['一个月内再次调用 template/api_set_industry'],
    '所属行业每月最多改一次；不确定时在公众平台后台设置',
  ),
  43101: oa(
    '用户拒绝接受消息',
    [
      '用户没有在页面的 wx-open-subscribe 弹窗里接受这个模板，或拒绝了',
      '一次性订阅已被之前的发送用掉：每次接受只能发一条',
      '用户之后关闭了这个模板（服务通知 → 拒收；subscribe_msg_change_event 为 reject）',
      '2023-06 起，粉丝拒收某模板消息时 template/send 也返回此码',
    ],
    '收到 accept 的 subscribe_msg_popup_event（event.subscribePopup）后再发，每次一次性接受只发一条；通过 wx-open-subscribe 再次请求',
  ),
  43107: oa(
    '订阅通知能力被封禁',
    ['公众号或该 template_id 对应的模板被禁止发送订阅通知'],
    '在公众平台的通知里查看封禁及原因；解封后再换模板发送',
  ),
  44004: wecom(
    '文本消息 content 参数为空',
    ['message/send 发送的文本消息 content 为空'],
    '发送非空的 text.content（最多 2048 字节）',
  ),
  45008: oa(
    '图文消息超过限制',
    ['客服图文消息带了不止一篇文章（2018-10 起只能一篇）'],
    '每条图文消息只发一篇文章',
  ),
  45026: oa(
    '模板数量超出限制',
    ['公众号的“我的模板”已有 25 个'],
    '添加前用 templates.remove（del_private_template）删除不用的模板',
  ),
  45029: {
    ...wecom(
      '回包大小超过上限',
      ['对很大的部门调用 user/list'],
      '按部门分别查询，或用 users.listIds 分页（user/list_id，通讯录同步 secret）',
    ),
    ...oa(
      '二维码数量超过上限',
      ['公众号已有 100000 个永久二维码（平台从不删除）'],
      '按场景复用永久码（同一场景再次创建会返回同一个码），或用临时码（最长 30 天）',
    ),
  },
  45033: wecom('接口并发调用超过限制', ['应用对这个接口的同时调用数超过上限'], '降低并发（排队调用）后重试'),
  45047: oa(
    '客服接口下行条数超过上限',
    [
      '这次互动的客服消息额度已用完（2023-06 起：粉丝发一条消息 5 条，点击菜单、关注、扫码各 3 条；之前为 48 小时内 20 条）',
    ],
    '减少每次互动的消息条数（合并发送），或改用模板消息',
  ),
  46004: wecom(
    '指定的成员不存在',
    [
      'user/getuserid：没有成员使用这个手机号',
      'user/get_userid_by_email：没有成员使用这个邮箱（email_type 1 查企业邮箱，2 查个人邮箱）',
    ],
    '核对号码或邮箱；每天查不到的次数超过企业人数的 20% 时，接口会被封禁一天',
  ),
  47003: oa(
    '参数值不符合限制要求',
    [
      '模板 data 字段不符合关键词类型（thing 最多 20 个字符，character_string 32 个 ASCII，number 只能是数字……）',
      '时间、日期或金额的格式不对（15:01 或 2019年10月1日 15:01；2019年10月1日；¥12.50、100元），或区间用了全角～连接',
      '类目模板的占位符缺失或为空',
      'url（模板消息）或 page（订阅通知）不是 http(s) URL',
    ],
    '按关键词类型裁剪每个值（errmsg 会写 "data.<key>.value invalid"），并填满每个占位符',
  ),
  48006: oa(
    '清零调用次数已达上限（clear_quota）',
    ['本月已用完清零次数'],
    '等到下个周期；不要每次请求都获取 /cgi-bin/token（缓存它）',
  ),
  50100: wecom(
    '分页查询的游标无效',
    ['cursor 不是 user/list_id 给出的，或被改动'],
    '不带 cursor 重新开始，之后原样传递每个 next_cursor',
  ),
  60003: wecom('部门不存在', ['没有传部门 id，或它不在通讯录里'], '用 departments.simpleList 核对 id'),
  60103: wecom(
    '手机号码不合法',
    ['超过 32 个字符，或含有数字、+ 和 - 以外的字符'],
    '按通讯录里的写法传号码，例如 13800000000 或 +86-13800000000',
  ),
  60105: wecom('邮箱不合法', ['超过 64 个字符或不是邮箱地址'], '按通讯录里的写法传邮箱'),
  60123: wecom(
    '无效的部门 id',
    ['部门不在通讯录里（已删除，或是另一个企业的 id）'],
    '用 departments.simpleList 核对 id',
  ),
  61004: oa(
    '调用方 IP 不在白名单中',
    ['服务器的出口 IP 没有加入 IP 白名单'],
    '在 开发 → 基本配置 → IP白名单 加入出口 IP',
  ),
  85004: wecom('可信域名修改次数超过上限', ['本月已修改超过 20 次'], '等到下个月'),
};
