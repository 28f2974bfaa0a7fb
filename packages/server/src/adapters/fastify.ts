import type { FastifyInstance } from 'fastify';
import type { WxServer } from '../server.js';
import { toRequest, writeResponse } from './node.js';

/** Fastify: `wxFastify(app, wx)`; wxkit's routes are answered before Fastify parses any body. */
export function wxFastify(app: FastifyInstance, wx: Pick<WxServer, 'handle' | 'owns'>): void {
  app.addHook('onRequest', async (request, reply) => {
    const pathname = new URL(request.url, 'http://x').pathname;
    if (!wx.owns(pathname)) return;
    const response = await wx.handle(await toRequest(request.raw));
    if (!response) return;
    reply.hijack();
    await writeResponse(reply.raw, response);
  });
}
