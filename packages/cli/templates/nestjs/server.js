// NestJS (on Express), with Nest's default body parser mounted first: the kit logs members in with the JSON it
// parsed, and callbacks (XML, which that parser leaves alone) keep their raw body. Mounting an XML parser too? Pass
// rawBody: true to NestFactory.create so the kit can still check callback signatures.
// Plain JavaScript: the decorators are applied as functions; in TypeScript write @Controller('api') etc.
import 'reflect-metadata';
import { Controller, Get, Module, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { wxExpress } from '@wxkit/server/express';
import { staticFile } from './static.js';
import { me, port, publicUrl, wx } from './wx.js';

class MeController {
  async me(req, res) {
    const { status, body } = await me(req);
    res.status(status).json(body);
  }
}
Controller('api')(MeController);
const method = (name, ...decorators) => {
  const descriptor = Object.getOwnPropertyDescriptor(MeController.prototype, name);
  for (const decorate of decorators) decorate(MeController.prototype, name, descriptor);
};
method('me', Get('me'));
Req()(MeController.prototype, 'me', 0);
Res()(MeController.prototype, 'me', 1);

class AppModule {}
Module({ controllers: [MeController] })(AppModule);

const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
app.use(wxExpress(wx));
app.use(async (req, res, next) => {
  const file = req.method === 'GET' ? await staticFile(req.path) : undefined;
  if (!file) return next();
  res.type(file.type).send(file.body);
});
await app.listen(port);
console.log(`app on ${publicUrl}/`);
