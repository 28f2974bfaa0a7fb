import type { Context, Next } from 'koa';
import type { WxServer } from '../index.js';
import { toNodeListener } from './node.js';

/** Koa middleware: `app.use(wxKoa(wx))`, before any body parser. */
export function wxKoa(wx: Pick<WxServer, 'handle' | 'owns'>) {
  const listener = toNodeListener(wx);
  return async (ctx: Context, next: Next) => {
    if (!wx.owns(ctx.path)) return next();
    // wxkit writes the node response itself.
    ctx.respond = false;
    listener(ctx.req, ctx.res);
  };
}
