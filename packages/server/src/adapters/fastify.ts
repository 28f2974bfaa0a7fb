import type { FastifyInstance } from 'fastify';
import type { WxServer } from '../index.js';
import { toNodeListener } from './node.js';

/** Fastify: `wxFastify(app, wx)`; wxkit's routes are answered before Fastify parses any body. */
export function wxFastify(app: FastifyInstance, wx: Pick<WxServer, 'handle' | 'owns'>): void {
  const listener = toNodeListener(wx);
  app.addHook('onRequest', async (request, reply) => {
    if (!wx.owns(request.url.split('?', 1)[0] ?? '/')) return;
    reply.hijack();
    listener(request.raw, reply.raw);
  });
}
