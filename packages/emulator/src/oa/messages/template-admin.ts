import { randomBytes } from 'node:crypto';
import {
  industryId,
  OA_INDUSTRIES,
  OA_INDUSTRY_CHANGE_MS,
  OA_TEMPLATE_MAX,
  TEMPLATE_SHORT_ID,
} from '@wxkit/core/rules';
import { guarded, type Service } from '../../context.js';
import { asText, fail, ok } from '../../envelope.js';
import type { SeedOfficialAccount } from '../../seed.js';
import { oaPost } from '../common.js';

/*
 * OA template management (模板消息接口): api_set_industry, api_add_template, del_private_template. get_industry and
 * get_all_private_template are in oa-messages.ts. The rules are core's (template-admin.ts); the account's templates
 * and industries live in the seed (so --persist keeps them and reset restores them), the template library the
 * account adds from is the seed's `templateLibrary`.
 */

/** A template_id as the platform's look: 43 URL-safe characters. */
const newTemplateId = () => randomBytes(32).toString('base64url').slice(0, 43);

export const oaTemplateAdmin: Service = {
  name: 'oa-template-admin',
  platform: 'oa',
  register(app, ctx) {
    const oaJson = guarded(app, (c) => oaPost(ctx, c));
    const accountOf = (owner: string) => ctx.world().account(owner) as SeedOfficialAccount;

    oaJson.post('/cgi-bin/template/api_set_industry', async (c, post) => {
      const account = accountOf(post.token.owner);
      const first = industryId(post.body['industry_id1']);
      const second = industryId(post.body['industry_id2']);
      if (first === undefined || second === undefined)
        return fail(
          c,
          'oa',
          40097,
          'invalid args',
          `industry_id1/industry_id2 must be ids 1-41 of the 行业代码 table (got ${asText(post.body['industry_id1'])}, ${asText(post.body['industry_id2'])}); unverified: the platform's errcode for it`,
        );
      const now = ctx.world().now();
      if (account.industrySetAt !== undefined && now - account.industrySetAt < OA_INDUSTRY_CHANGE_MS)
        return fail(
          c,
          'oa',
          43100,
          'change template too frequently',
          'the industries were set less than 30 days ago (the old doc: once a month; the newer category guide says 5 a month — the stricter is kept)',
          { bareRid: true },
        );
      const [a, b] = [OA_INDUSTRIES[first], OA_INDUSTRIES[second]] as [[string, string], [string, string]];
      account.industry = { primary: [...a], secondary: [...b] };
      account.industrySetAt = now;
      return ok(c);
    });

    oaJson.post('/cgi-bin/template/api_add_template', async (c, post) => {
      const account = accountOf(post.token.owner);
      const short = post.body['template_id_short'];
      const entry =
        typeof short === 'string' && TEMPLATE_SHORT_ID.test(short)
          ? (account.templateLibrary ?? []).find((t) => t.template_id_short === short)
          : undefined;
      if (!entry)
        return fail(
          c,
          'oa',
          40037,
          'invalid template_id',
          `template_id_short ${asText(short)} is not in the library (seed officialAccounts[].templateLibrary); unverified: the platform's errcode for it`,
          { bareRid: true },
        );
      account.templates ??= [];
      const templates = account.templates;
      if (templates.length >= OA_TEMPLATE_MAX)
        return fail(
          c,
          'oa',
          45026,
          'template num exceeds limit',
          `the account holds ${templates.length} templates, at most ${OA_TEMPLATE_MAX}`,
          { bareRid: true },
        );
      const names = post.body['keyword_name_list'];
      if (names !== undefined && (!Array.isArray(names) || names.some((n) => typeof n !== 'string')))
        return fail(c, 'oa', 47001, 'data format error', 'keyword_name_list is a list of keyword names');
      const template_id = newTemplateId();
      templates.push({
        template_id,
        title: entry.title,
        content: entry.content,
        ...(entry.primary_industry ? { primary_industry: entry.primary_industry } : {}),
        ...(entry.deputy_industry ? { deputy_industry: entry.deputy_industry } : {}),
        ...(entry.example ? { example: entry.example } : {}),
      });
      return ok(c, { template_id });
    });

    oaJson.post('/cgi-bin/template/del_private_template', async (c, post) => {
      const account = accountOf(post.token.owner);
      const id = post.body['template_id'];
      const index = (account.templates ?? []).findIndex((t) => t.template_id === id);
      if (index === -1)
        return fail(
          c,
          'oa',
          40037,
          'invalid template_id',
          `${asText(id)} is not one of ${account.appId}'s templates; unverified: the platform's errcode for it`,
          { bareRid: true },
        );
      account.templates?.splice(index, 1);
      return ok(c);
    });
  },
};
