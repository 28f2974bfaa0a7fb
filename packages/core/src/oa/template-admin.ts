import type { ClientContext } from '../client/context.js';
import { inputError } from '../errors/place.js';

/*
 * Template management of an Official Account (模板消息接口: 设置所属行业, 获取设置的行业信息, 获得模板ID, 获取模板列表,
 * 删除模板), the rules core and the emulator share.
 *
 * Sources: OA doc 模板消息接口 (api_set_industry {industry_id1, industry_id2}, the industry code table 1–41;
 * api_add_template {template_id_short, keyword_name_list} → template_id; del_private_template {template_id});
 * the OA guide "25 templates can be used at the same time per account" with a capture of 45026 "template num exceeds
 * limit" (developers.weixin.qq.com community 0008aaf9ac0d40efac50c509861800); 43100 "change template too frequently"
 * (node-webot/wechat-api#242). Sources disagree on industry changes: the old doc "每月可修改行业1次", the newer
 * category guide 5 a month — the stricter (once in 30 days) is kept. Unsure: the errcode for an industry id outside
 * the table (40097 assumed) and for an unknown template_id_short or template_id (40037 assumed).
 */

/** The industry code table (行业代码查询): id → [主行业, 副行业]. */
export const OA_INDUSTRIES: Readonly<Record<number, readonly [string, string]>> = {
  1: ['IT科技', '互联网|电子商务'],
  2: ['IT科技', 'IT软件与服务'],
  3: ['IT科技', 'IT硬件与设备'],
  4: ['IT科技', '电子技术'],
  5: ['IT科技', '通信与运营商'],
  6: ['IT科技', '网络游戏'],
  7: ['金融业', '银行'],
  8: ['金融业', '基金理财信托'],
  9: ['金融业', '保险'],
  10: ['餐饮', '餐饮'],
  11: ['酒店旅游', '酒店'],
  12: ['酒店旅游', '旅游'],
  13: ['运输与仓储', '快递'],
  14: ['运输与仓储', '物流'],
  15: ['运输与仓储', '仓储'],
  16: ['教育', '培训'],
  17: ['教育', '院校'],
  18: ['政府与公共事业', '学术科研'],
  19: ['政府与公共事业', '交警'],
  20: ['政府与公共事业', '博物馆'],
  21: ['政府与公共事业', '公共事业非盈利机构'],
  22: ['医药护理', '医药医疗'],
  23: ['医药护理', '护理美容'],
  24: ['医药护理', '保健与卫生'],
  25: ['交通工具', '汽车相关'],
  26: ['交通工具', '摩托车相关'],
  27: ['交通工具', '火车相关'],
  28: ['交通工具', '飞机相关'],
  29: ['房地产', '建筑'],
  30: ['房地产', '物业'],
  31: ['消费品', '消费品'],
  32: ['商业服务', '法律'],
  33: ['商业服务', '会展'],
  34: ['商业服务', '中介服务'],
  35: ['商业服务', '认证'],
  36: ['商业服务', '审计'],
  37: ['文体娱乐', '传媒'],
  38: ['文体娱乐', '体育'],
  39: ['文体娱乐', '娱乐休闲'],
  40: ['印刷', '印刷'],
  41: ['其它', '其它'],
};

/** Templates an account holds at once (45026 past it). */
export const OA_TEMPLATE_MAX = 25;
/** The industries may be set once in this long (43100 sooner). */
export const OA_INDUSTRY_CHANGE_MS = 30 * 24 * 3600_000;

/** An industry id of the table, from a number or a numeric string (co-wechat-api sends strings). */
export function industryId(value: unknown): number | undefined {
  const id = typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isInteger(id) && Object.hasOwn(OA_INDUSTRIES, id) ? id : undefined;
}

/** `TM00015`, `OPENTM207498902` (模板库 ids) or the number of a 类目模板 (`45001`). */
export const TEMPLATE_SHORT_ID = /^(?:TM|OPENTM)?\d{1,20}$/;

export function createOaTemplateAdmin(ctx: ClientContext) {
  const api = ctx.hosts.api;
  return {
    /**
     * POST /cgi-bin/template/api_set_industry: the account's two industries (ids of {@link OA_INDUSTRIES}). Once in
     * 30 days (43100 sooner); templates of an industry set aside go with it.
     */
    async setIndustry(primary: number, secondary: number): Promise<void> {
      for (const [name, id] of [
        ['primary', primary],
        ['secondary', secondary],
      ] as const)
        if (industryId(id) === undefined)
          throw inputError(
            `${name} must be an industry id 1-41 of the 行业代码 table (got ${JSON.stringify(id)})`,
          );
      await ctx.call(api, '/cgi-bin/template/api_set_industry', {
        method: 'POST',
        body: { industry_id1: String(primary), industry_id2: String(secondary) },
      });
    },
    /**
     * POST /cgi-bin/template/api_add_template: adds a library template (`TM00015`, or a 类目模板 number with the
     * keyword names to keep) and answers its template_id. At most {@link OA_TEMPLATE_MAX} at once (45026).
     */
    async add(templateIdShort: string, keywordNames?: string[]): Promise<string> {
      if (typeof templateIdShort !== 'string' || !TEMPLATE_SHORT_ID.test(templateIdShort))
        throw inputError(
          `templateIdShort is the library number, TM00015 / OPENTM… or a 类目模板 number (got ${JSON.stringify(templateIdShort)})`,
        );
      if (
        keywordNames !== undefined &&
        (!Array.isArray(keywordNames) || keywordNames.some((k) => typeof k !== 'string' || k.trim() === ''))
      )
        throw inputError(`keywordNames are the keyword names to keep, e.g. ["问卷名称", "提交时间"]`);
      const data = await ctx.call<{ template_id: string }>(api, '/cgi-bin/template/api_add_template', {
        method: 'POST',
        body: {
          template_id_short: templateIdShort,
          ...(keywordNames ? { keyword_name_list: keywordNames } : {}),
        },
      });
      return data.template_id;
    },
    /** POST /cgi-bin/template/del_private_template: removes one of the account's templates. */
    async remove(templateId: string): Promise<void> {
      if (typeof templateId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(templateId))
        throw inputError(`templateId is a template_id from templates.list()`);
      await ctx.call(api, '/cgi-bin/template/del_private_template', {
        method: 'POST',
        body: { template_id: templateId },
      });
    },
  };
}
