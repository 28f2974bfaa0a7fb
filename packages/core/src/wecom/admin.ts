import type { ClientContext } from '../client/context.js';
import { isWxApiError } from '../errors/errors.js';
import { inputError } from '../errors/place.js';
import { type Envelope, withoutEnvelope } from '../http/envelope.js';
import type { WeComMenu } from '../menu/types.js';
import { checkMenu } from '../menu/validate.js';
import type { WeComAgent, WeComAgentSettable, WorkbenchTemplate } from './types.js';

const WORKBENCH_TYPES = ['normal', 'image', 'list', 'keydata', 'webview'];

function assertTemplate(template: unknown): asserts template is WorkbenchTemplate {
  const t = template as { type?: unknown } & Record<string, unknown>;
  if (!t || typeof t.type !== 'string' || !WORKBENCH_TYPES.includes(t.type)) {
    throw inputError(`a workbench template has type ${WORKBENCH_TYPES.join(' | ')}`);
  }
  if (t.type !== 'normal' && (typeof t[t.type] !== 'object' || t[t.type] === null)) {
    throw inputError(`a workbench template of type ${t.type} carries its data in \`${t.type}\``);
  }
  const items = (t[t.type] as { items?: { title?: string }[] } | undefined)?.items;
  if ((t.type === 'list' || t.type === 'keydata') && (!Array.isArray(items) || items.length === 0)) {
    throw inputError(`a ${t.type} template needs at least one item in ${t.type}.items`);
  }
  for (const item of t.type === 'list' ? (items ?? []) : []) {
    if (Buffer.byteLength(item.title ?? '', 'utf8') > 128)
      throw inputError(`list item titles are at most 128 bytes`);
  }
}

export function createWeComAdmin(ctx: ClientContext, agentId: number) {
  const qyapi = ctx.hosts.qyapi;
  return {
    menu: {
      async create(menu: WeComMenu): Promise<void> {
        const problems = checkMenu(menu, 'wecom');
        if (problems.length > 0) {
          throw inputError(
            `the menu is invalid:\n${problems.map((p) => `  ${p.field}: ${p.message} (errcode ${p.errcode})`).join('\n')}`,
          );
        }
        await ctx.call(qyapi, '/cgi-bin/menu/create', {
          method: 'POST',
          query: { agentid: agentId },
          body: menu,
        });
      },
      async get(): Promise<WeComMenu | undefined> {
        try {
          const data = await ctx.call<{ button?: WeComMenu['button'] }>(qyapi, '/cgi-bin/menu/get', {
            query: { agentid: agentId },
          });
          return data.button && data.button.length > 0 ? { button: data.button } : undefined;
        } catch (error) {
          if (isWxApiError(error) && error.errcode === 46003) return undefined;
          throw error;
        }
      },
      async delete(): Promise<void> {
        await ctx.call(qyapi, '/cgi-bin/menu/delete', { query: { agentid: agentId } });
      },
    },
    agent: {
      async get(): Promise<WeComAgent> {
        const agent = withoutEnvelope(
          await ctx.call<WeComAgent & Envelope>(qyapi, '/cgi-bin/agent/get', {
            query: { agentid: agentId },
          }),
        );
        return agent;
      },
      async set(fields: Partial<WeComAgentSettable>): Promise<void> {
        if (fields.home_url !== undefined && !/^https?:\/\//.test(fields.home_url)) {
          throw inputError(`agent home_url must start with http:// or https://`);
        }
        if (fields.redirect_domain !== undefined && /[/:]\/|\s/.test(fields.redirect_domain)) {
          throw inputError(`redirect_domain is a host[:port] without scheme or path`);
        }
        await ctx.call(qyapi, '/cgi-bin/agent/set', {
          method: 'POST',
          body: { agentid: agentId, ...fields },
        });
      },
    },
    workbench: {
      async setTemplate(
        template: WorkbenchTemplate,
        options: { replaceUserData?: boolean } = {},
      ): Promise<void> {
        assertTemplate(template);
        await ctx.call(qyapi, '/cgi-bin/agent/set_workbench_template', {
          method: 'POST',
          body: { agentid: agentId, ...template, replace_user_data: options.replaceUserData ?? false },
        });
      },
      async getTemplate(): Promise<WorkbenchTemplate & { replace_user_data?: boolean }> {
        // POST, per the official example (some SDKs wrongly use GET).
        const template = withoutEnvelope(
          await ctx.call<WorkbenchTemplate & Envelope>(qyapi, '/cgi-bin/agent/get_workbench_template', {
            method: 'POST',
            body: { agentid: agentId },
          }),
        );
        return template;
      },
      async setUserData(userid: string, data: Exclude<WorkbenchTemplate, { type: 'normal' }>): Promise<void> {
        if (typeof userid !== 'string' || userid === '') throw inputError(`setUserData needs a userid`);
        assertTemplate(data);
        await ctx.call(qyapi, '/cgi-bin/agent/set_workbench_data', {
          method: 'POST',
          body: { agentid: agentId, userid, ...data },
        });
      },
    },
  };
}
