import type { Context, Next } from 'koa';
import type { WxServer } from '../index.js';
import { keepFrameworkBody } from './framework-body.js';
import { toNodeListener } from './node.js';

/** Koa middleware: `app.use(wxKoa(wx))`, best before any body parser (after one, login still works). */
export function wxKoa(wx: Pick<WxServer, 'handle' | 'owns'>) {
  const listener = toNodeListener(wx);
  return async (ctx: Context, next: Next) => {
    if (!wx.owns(ctx.path)) return next();
    // wxkit writes the node response itself.
    ctx.respond = false;
    // koa-bodyparser (mounted before the kit) keeps its result on ctx.request, not on the node request.
    const request = ctx.request as { body?: unknown; rawBody?: unknown };
    if (request.body !== undefined || request.rawBody !== undefined)
      keepFrameworkBody(ctx.req, { raw: request.rawBody, parsed: request.body });
    listener(ctx.req, ctx.res);
  };
}
