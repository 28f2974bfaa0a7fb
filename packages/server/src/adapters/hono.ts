import type { Context, Next } from 'hono';
import type { WxServer } from '../index.js';

/** Hono middleware: `app.use(wxHono(wx))`. */
export function wxHono(wx: Pick<WxServer, 'handle'>) {
  return async (c: Context, next: Next) => {
    const response = await wx.handle(c.req.raw);
    if (response) return response;
    await next();
  };
}
