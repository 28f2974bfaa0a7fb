import type { Context, Next } from 'koa';
import type { WxServer } from '../server.js';
import { toRequest } from './node.js';

/** Koa middleware: `app.use(wxKoa(wx))`, before any body parser. */
export function wxKoa(wx: Pick<WxServer, 'handle' | 'owns'>) {
  return async (ctx: Context, next: Next) => {
    if (!wx.owns(ctx.path)) return next();
    const response = await wx.handle(await toRequest(ctx.req));
    if (!response) return next();
    ctx.status = response.status;
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') ctx.set(name, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) ctx.set('set-cookie', cookies);
    ctx.body = response.body ? Buffer.from(await response.arrayBuffer()) : '';
  };
}
