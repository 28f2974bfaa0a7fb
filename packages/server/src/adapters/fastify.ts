import type { FastifyInstance } from 'fastify';
import type { WxServer } from '../server.js';
import { pathOf, toNodeListener } from './node.js';

/** Fastify: `wxFastify(app, wx)`; wxkit's routes are answered before Fastify parses any body. */
export function wxFastify(app: FastifyInstance, wx: Pick<WxServer, 'dispatch' | 'owns'>): void {
  const listener = toNodeListener(wx);
  app.addHook('onRequest', async (request, reply) => {
    if (!wx.owns(pathOf(request.url))) return;
    reply.hijack();
    listener(request.raw, reply.raw);
  });
}
