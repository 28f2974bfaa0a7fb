// Koa: the kit's middleware first, before any body parser, so callbacks keep their raw body.
import { wxKoa } from '@wxkit/server/koa';
import Koa from 'koa';
import { staticFile } from './static.js';
import { me, port, publicUrl, wx } from './wx.js';

const app = new Koa();
app.use(wxKoa(wx));

app.use(async (ctx, next) => {
  if (ctx.method === 'GET' && ctx.path === '/api/me') {
    const { status, body } = await me(ctx.request);
    ctx.status = status;
    ctx.body = body;
    return;
  }
  const file = ctx.method === 'GET' ? await staticFile(ctx.path) : undefined;
  if (!file) return next();
  ctx.type = file.type;
  ctx.body = file.body;
});

app.listen(port, () => console.log(`app on ${publicUrl}/`));
