import type { Service } from '../context.js';
import { jsonBody } from '../envelope.js';
import { answer, need } from '../refusal.js';
import type { ControlHooks } from './control.js';

/**
 * Named snapshots of the whole state (every feature's collections, the seed, the clock), kept in memory:
 * `POST /_emulator/snapshots {"name"}` saves ("save as"), `GET /_emulator/snapshots` lists them,
 * `POST /_emulator/snapshots/:name/restore` brings one back without a restart, `DELETE` forgets one.
 */
export function snapshotControl(hooks: ControlHooks): Service {
  return {
    name: 'control-snapshots',
    register(app) {
      app.get('/_emulator/snapshots', (c) => c.json({ snapshots: hooks.list() }));
      app.post('/_emulator/snapshots', (c) =>
        answer(c, async () => {
          const name = (await jsonBody(c))?.['name'];
          need(typeof name === 'string', 'POST /_emulator/snapshots takes {"name": "after-login"}');
          return { ok: true, snapshot: hooks.saveAs(name) };
        }),
      );
      app.post('/_emulator/snapshots/:name/restore', (c) =>
        answer(c, () => ({ ok: true, snapshot: hooks.restore(c.req.param('name')) })),
      );
      app.delete('/_emulator/snapshots/:name', (c) =>
        answer(c, () => ({ ok: hooks.remove(c.req.param('name')) })),
      );
    },
  };
}
