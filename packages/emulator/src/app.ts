import { explain } from '@wxkit/core';
import { Hono } from 'hono';
import { checkToken, type EmulatorContext, type Service } from './context.js';
import { answered, errmsg } from './envelope.js';
import { authorizePages } from './pages/authorize.js';
import { consolePage } from './pages/console.js';
import { type ControlHooks, controlService } from './services/control.js';
import { jssdk } from './services/jssdk-verify.js';
import { oaApi } from './services/oa-api.js';
import { oaCallbacks } from './services/oa-callbacks.js';
import { oaOAuth } from './services/oa-oauth.js';
import { oaToken } from './services/oa-token.js';
import { weComAdmin } from './services/wecom-admin.js';
import { weComContacts } from './services/wecom-contacts.js';
import { weComJsapi } from './services/wecom-jsapi.js';
import { weComMessage } from './services/wecom-message.js';
import { weComOAuth } from './services/wecom-oauth.js';
import { weComToken } from './services/wecom-token.js';
import type { World } from './world.js';

/** Paths whose every answer goes to the journal and stats (the console's own requests do not). */
const isPlatformPath = (path: string) =>
  path.startsWith('/cgi-bin/') ||
  path.startsWith('/sns/') ||
  path.startsWith('/connect/') ||
  path.startsWith('/wwlogin/');

export function buildApp(getWorld: () => World, hooks: ControlHooks): Hono {
  const app = new Hono();
  const ctx: EmulatorContext = {
    world: getWorld,
    token: (c, platform) => checkToken(getWorld(), c, platform),
    origin: (c) => new URL(c.req.url).origin,
  };

  app.use('*', async (c, next) => {
    const world = getWorld();
    const path = c.req.path;
    if (!isPlatformPath(path)) return next();
    world.calls[path] = (world.calls[path] ?? 0) + 1;
    world.prune();
    if (world.overLimit(`minute:${path}`, world.seed.limits.apiPerMinute, 60_000)) {
      const oa = path.startsWith('/sns/') || path === '/cgi-bin/token' || path === '/cgi-bin/stable_token';
      const errcode = oa ? 45011 : 45009;
      answered.set(c.req.raw, errcode);
      world.errcodes[String(errcode)] = (world.errcodes[String(errcode)] ?? 0) + 1;
      world.journal.push({
        at: world.now(),
        method: c.req.method,
        path,
        errcode,
        note: `over limits.apiPerMinute (${world.seed.limits.apiPerMinute})`,
      });
      return c.json({
        errcode,
        errmsg: errmsg(
          oa ? 'oa' : 'wecom',
          errcode,
          oa ? 'api minute-quota reach limit must slower retry next minute' : 'api freq out of limit',
        ),
      });
    }
    const fault = world.faults.find((f) => f.path === path && f.remaining > 0);
    if (fault) {
      fault.remaining--;
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.drop) {
        world.journal.push({
          at: world.now(),
          method: c.req.method,
          path,
          errcode: -1,
          note: 'fault: connection dropped',
        });
        const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming
          ?.socket;
        if (!socket) throw new DroppedConnection();
        socket.destroy();
        return c.body(null);
      }
      if (fault.status) {
        world.journal.push({
          at: world.now(),
          method: c.req.method,
          path,
          errcode: -1,
          note: `fault: HTTP ${fault.status}`,
        });
        return c.text('emulated server error', fault.status as 500);
      }
      if (fault.errcode !== undefined) {
        const platform = path.startsWith('/sns/') || path === '/cgi-bin/token' ? 'oa' : 'wecom';
        world.errcodes[String(fault.errcode)] = (world.errcodes[String(fault.errcode)] ?? 0) + 1;
        world.journal.push({
          at: world.now(),
          method: c.req.method,
          path,
          errcode: fault.errcode,
          note: 'fault injected',
        });
        return c.json({
          errcode: fault.errcode,
          errmsg: errmsg(platform, fault.errcode, 'fault injected by the emulator'),
        });
      }
    }
    await next();
    const errcode = answered.get(c.req.raw) ?? 0;
    if (errcode !== 0) world.errcodes[String(errcode)] = (world.errcodes[String(errcode)] ?? 0) + 1;
    const explanation = errcode !== 0 ? explain(errcode)?.meaning : undefined;
    world.journal.push({
      at: world.now(),
      method: c.req.method,
      path,
      errcode,
      ...(explanation ? { explanation } : {}),
    });
    if (world.journal.length > 2000) world.journal.splice(0, 1000);
  });

  const services: Service[] = [
    oaApi,
    weComToken,
    weComOAuth,
    weComContacts,
    weComJsapi,
    weComAdmin,
    weComMessage,
    oaToken,
    oaOAuth,
    jssdk,
    authorizePages,
    oaCallbacks,
    controlService(hooks),
    consolePage,
  ];
  for (const service of services) service.register(app, ctx);

  app.notFound((c) => {
    const path = c.req.path;
    if (isPlatformPath(path)) {
      const platform = path.startsWith('/sns/') ? 'oa' : 'wecom';
      // Loud, never silent: an API the emulator does not know.
      answered.set(c.req.raw, 48002);
      return c.json(
        {
          errcode: 48002,
          errmsg: `${errmsg(platform, 48002, `${c.req.method} ${path} is not emulated by wxkit`)}`,
          not_emulated: true,
        },
        501,
      );
    }
    return c.json({ error: `${c.req.method} ${path} is not part of the wxkit emulator` }, 404);
  });
  app.onError((error, c) => {
    if (error instanceof DroppedConnection) throw error;
    return c.json({ errcode: -1, errmsg: `emulator error: ${error.message}` }, 500);
  });
  return app;
}

export class DroppedConnection extends Error {
  override name = 'DroppedConnection';
}
