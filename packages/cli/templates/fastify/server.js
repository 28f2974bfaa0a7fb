// Fastify: the kit answers its routes in onRequest, before Fastify parses a body.
import { wxFastify } from '@wxkit/server/fastify';
import Fastify from 'fastify';
import { staticFile } from './static.js';
import { me, port, publicUrl, wx } from './wx.js';

const app = Fastify();
wxFastify(app, wx);

app.get('/api/me', async (request, reply) => {
  const { status, body } = await me(request);
  return reply.code(status).send(body);
});

app.get('/*', async (request, reply) => {
  const file = await staticFile(new URL(request.url, 'http://x').pathname);
  if (!file) return reply.code(404).send({ error: { code: 'not_found' } });
  return reply.type(file.type).send(file.body);
});

await app.listen({ port, host: '0.0.0.0' });
console.log(`app on ${publicUrl}/`);
