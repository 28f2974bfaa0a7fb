// NestJS (on Express). Nest mounts its JSON body parser first by default; the kit's routes go before it
// (bodyParser: false, then express.json() after the kit), so callbacks keep their raw body and login works.
// Plain JavaScript: the decorators are applied as functions; in TypeScript write @Controller('api') etc.
import 'reflect-metadata';
import { Controller, Get, Module, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { wxExpress } from '@wxkit/server/express';
import express from 'express';
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

const app = await NestFactory.create(AppModule, { bodyParser: false, logger: ['error', 'warn'] });
app.use(wxExpress(wx));
app.use(express.json());
app.use(async (req, res, next) => {
  const file = req.method === 'GET' ? await staticFile(req.path) : undefined;
  if (!file) return next();
  res.type(file.type).send(file.body);
});
await app.listen(port);
console.log(`app on ${publicUrl}/`);
