import type { Service } from '../../context.js';
import { jsonBody } from '../../envelope.js';
import { pushState } from '../../push.js';
import { answer, need } from '../../refusal.js';
import { accountOf, eventFields } from './events.js';
import { originalId } from './ids.js';
import { send } from './send.js';
import { configFrom, MODES, type Mode, type ServerConfig, serversOf, verify } from './server.js';

/**
 * The Official Account's server configuration and message push, under /_emulator/oa:
 * `POST /_emulator/oa/callback` saves a server URL as the MP console does (saved only when the check passes),
 * `GET /_emulator/oa/callback` shows it and the last deliveries, `POST /_emulator/oa/events` pushes an event or
 * a text message in the saved mode (or `mode` given).
 */
export const oaCallbacks: Service = {
  name: 'oa-callbacks',
  register(app, ctx) {
    app.post('/_emulator/oa/callback', (c) =>
      answer(c, async () => {
        const body = (await jsonBody(c)) ?? {};
        const world = ctx.world();
        const account = accountOf(world, body);
        const config = configFrom(body);
        const result = await verify(world, config);
        if (result.ok) serversOf(world).set(account.appId, config);
        return { ...result, appId: account.appId, mode: config.mode };
      }),
    );
    app.get('/_emulator/oa/callback', (c) =>
      answer(c, async () => {
        const world = ctx.world();
        const account = accountOf(world, c.req.query());
        const config = serversOf(world).get(account.appId);
        return {
          appId: account.appId,
          originalId: originalId(account.appId),
          server: config ? { url: config.url, mode: config.mode } : null,
          deliveries: pushState
            .of(world)
            .deliveries.toArray()
            .filter((d) => d.platform === 'oa' && d.appId === account.appId)
            .slice(-50),
        };
      }),
    );
    app.post('/_emulator/oa/events', (c) =>
      answer(c, async () => {
        const body = (await jsonBody(c)) ?? {};
        const world = ctx.world();
        const account = accountOf(world, body);
        const config = serversOf(world).get(account.appId);
        need(config !== undefined, 'no server URL saved for this account: POST /_emulator/oa/callback first');
        const server = config as ServerConfig;
        const mode = (body['mode'] ?? server.mode) as Mode;
        need(MODES.includes(mode), `mode is ${MODES.join(', ')}`);
        need(
          mode === 'plaintext' || server.encodingAESKey !== undefined,
          `mode ${mode} needs an encodingAESKey saved with the URL`,
        );
        return send(world, account, server, mode, eventFields(account, world, body));
      }),
    );
  },
};
