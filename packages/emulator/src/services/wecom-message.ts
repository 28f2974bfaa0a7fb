import type { Service } from '../context.js';
import { fail, jsonBody, ok } from '../envelope.js';
import { weComCaller } from './wecom-common.js';

const TYPES = ['text', 'textcard', 'news'];
const split = (v: unknown) => (typeof v === 'string' && v !== '' ? v.split('|') : []);

/** message/send: delivered into the emulator's inbox (the console shows it). */
export const weComMessage: Service = {
  name: 'wecom-message',
  register(app, ctx) {
    app.post('/cgi-bin/message/send', async (c) => {
      const caller = weComCaller(ctx, c);
      if (caller instanceof Response) return caller;
      const world = ctx.world();
      const body = await jsonBody(c);
      if (!body) return fail(c, 'wecom', 40058, 'the body must be JSON');
      if (Number(body['agentid']) !== caller.app.agentId)
        return fail(c, 'wecom', 301002, 'api forbidden: agentid differs from the app of the access_token');
      const msgtype = body['msgtype'];
      if (typeof msgtype !== 'string' || !TYPES.includes(msgtype)) {
        return fail(c, 'wecom', 40008, `invalid message type: the emulator supports ${TYPES.join(', ')}`);
      }
      if (typeof body[msgtype] !== 'object')
        return fail(c, 'wecom', 40058, `${msgtype} message needs the ${msgtype} object`);
      if (msgtype === 'text' && !String((body['text'] as { content?: unknown }).content ?? ''))
        return fail(c, 'wecom', 44004, 'empty content');
      const users = split(body['touser']);
      const parties = split(body['toparty']);
      const tags = split(body['totag']);
      if (users.length + parties.length + tags.length === 0)
        return fail(c, 'wecom', 82001, 'All touser & toparty & totag invalid');
      const visible = world.visibleMembers(caller.corp.corpId, caller.app.agentId);
      const delivered = new Set<string>();
      const invaliduser: string[] = [];
      const invalidparty: string[] = [];
      if (users.includes('@all')) for (const m of visible) delivered.add(m.userid);
      else {
        for (const u of users) {
          const member = visible.find((m) => m.userid.toLowerCase() === u.toLowerCase());
          if (member) delivered.add(member.userid);
          else invaliduser.push(u.toLowerCase());
        }
        for (const p of parties) {
          if (!caller.corp.departments.some((d) => String(d.id) === p)) {
            invalidparty.push(p);
            continue;
          }
          const tree = world.departmentTree(caller.corp, Number(p));
          for (const m of visible) if (m.department.some((d) => tree.has(d))) delivered.add(m.userid);
        }
      }
      if (delivered.size === 0) return fail(c, 'wecom', 81013, 'user & party & tag all invalid');
      const msgid = `emu${world.inbox.length + 1}`;
      world.inbox.push({
        at: world.now(),
        corpId: caller.corp.corpId,
        agentId: caller.app.agentId,
        body,
        delivered: [...delivered],
      });
      return ok(c, {
        invaliduser: invaliduser.join('|'),
        invalidparty: invalidparty.join('|'),
        invalidtag: tags.join('|'),
        msgid,
      });
    });
  },
};
