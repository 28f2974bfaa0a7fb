import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '@wxkit/server/node';
import { createSurveyApp, type SurveyAppOptions } from './app.js';

/** Runs the survey on node:http; resolves once it listens. */
export async function startSurvey(options: SurveyAppOptions & { host?: string; ownProcess?: boolean }) {
  const app = createSurveyApp(options);
  // In its own process (main.ts) the faster global Request/Response of @hono/node-server are fine.
  const pages = toNodeListener(app.pages, undefined, { overrideGlobalObjects: options.ownProcess === true });
  // Each edition's wxkit routes (login, session, JS-SDK config, callbacks) straight from node:http, tried in
  // turn; the rest to the pages.
  const listener = app.servers.reduceRight((next, wx) => toNodeListener(wx, next), pages);
  const server: Server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.config.port, options.host ?? '0.0.0.0', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    app,
    port,
    url: `http://localhost:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
