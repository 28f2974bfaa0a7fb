import { checkMenu } from '@wxkit/core/rules';
import { guarded, type Service } from '../../context.js';
import { fail, jsonBody, ok } from '../../envelope.js';
import { menuState } from '../../menus.js';
import { currentTicket } from '../../wecom/jsapi/ticket.js';

/** The Official Account's jsapi ticket and custom menu. */
export const oaApi: Service = {
  name: 'oa-api',
  platform: 'oa',
  register(app, ctx) {
    const oa = guarded(app, (c) => ctx.token(c, 'oa'));
    oa.get('/cgi-bin/ticket/getticket', async (c, token) => {
      // type=jsapi (wx.config) or wx_card (卡券 signatures: its own ticket, the same life; old audit L7).
      const type = c.req.query('type');
      if (type !== 'jsapi' && type !== 'wx_card')
        return fail(c, 'oa', 40097, 'invalid args', `type is jsapi or wx_card (got ${type ?? 'none'})`);
      const ticket = currentTicket(
        ctx.world(),
        type === 'jsapi' ? `oa:${token.owner}` : `oa-card:${token.owner}`,
      );
      return ok(c, { ticket: ticket.value, expires_in: ticket.expiresIn });
    });

    oa.post('/cgi-bin/menu/create', async (c, token) => {
      const body = await jsonBody(c);
      if (!body) return fail(c, 'oa', 47001, 'data format error');
      const problem = checkMenu(body, 'oa')[0];
      if (problem) return fail(c, 'oa', problem.errcode, `${problem.field}: ${problem.message}`);
      menuState.of(ctx.world()).menus.set(`oa:${token.owner}`, { button: body['button'] });
      return ok(c);
    });
    oa.get('/cgi-bin/menu/get', async (c, token) => {
      const menu = menuState.of(ctx.world()).menus.get(`oa:${token.owner}`) as
        | { button: { sub_button?: unknown[] }[] }
        | undefined;
      if (!menu) return fail(c, 'oa', 46003, 'menu no exist');
      return c.json({ menu: { button: menu.button.map((b) => ({ ...b, sub_button: b.sub_button ?? [] })) } });
    });
    oa.get('/cgi-bin/menu/delete', async (c, token) => {
      menuState.of(ctx.world()).menus.delete(`oa:${token.owner}`);
      return ok(c);
    });
    oa.get('/cgi-bin/get_current_selfmenu_info', async (c, token) => {
      const menu = menuState.of(ctx.world()).menus.get(`oa:${token.owner}`) as
        | { button: { sub_button?: unknown[] }[] }
        | undefined;
      // Here sub_button is an object {list: [...]}, unlike menu/get.
      return c.json({
        is_menu_open: menu ? 1 : 0,
        selfmenu_info: {
          button: (menu?.button ?? []).map((b) => ({
            ...b,
            ...(b.sub_button ? { sub_button: { list: b.sub_button } } : {}),
          })),
        },
      });
    });
  },
};
