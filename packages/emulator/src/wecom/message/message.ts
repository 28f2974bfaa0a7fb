import { WECOM_MESSAGE_LIMITS } from '@wxkit/core/rules';
import { guarded, type Service } from '../../context.js';
import { tagRecipients } from '../../directory.js';
import { fail, notEmulated, ok } from '../../envelope.js';
import { truncateUtf8 } from '../../text.js';
import { overLimit, type RateWindow, staleWindow, traffic } from '../../traffic.js';
import { defineState } from '../../world.js';
import { rememberCard } from '../cards/cards.js';
import { ownAppPost } from '../common.js';
import { mediaStore } from '../media/store.js';
import { duplicateOf, duplicateWindowSeconds } from './duplicate-check.js';
import { richMessage } from './rich-message.js';

/** Types the emulator delivers; the platform's other valid types answer "not emulated" (never 40008). */
const TYPES = ['text', 'markdown', 'image', 'file', 'textcard', 'news', 'mpnews', 'template_card'];
/** Valid on the platform (doc 90236) but not emulated here. */
const OTHER_VALID_TYPES = ['voice', 'video', 'miniprogram_notice'];
/** Text content beyond this many bytes is cut (doc 90236: "最长不超过2048个字节，超过将截断"). */
export const TEXT_LIMIT_BYTES = WECOM_MESSAGE_LIMITS.textBytes;
/** Per app and member: 30 a minute, 1000 an hour; more are dropped without an error (doc 90236, 频率限制). */
export const PER_MEMBER_MINUTE = 30;
export const PER_MEMBER_HOUR = 1000;

export interface SentMessage {
  at: number;
  corpId: string;
  agentId: number;
  body: Record<string, unknown>;
  delivered: string[];
  /** Recipients over the per-member frequency limit: the platform drops these without an error. */
  dropped?: string[];
  /** enable_duplicate_check: the msgid of the same request JSON sent within the interval; nobody got this one. */
  duplicateOf?: string;
}

/**
 * What message/send keeps: the inbox (newest messages; the console shows them), the msgid numbering, and the
 * per-member frequency windows (two per recipient), apart from the API quotas so a message to everyone cannot
 * push those out.
 */
export const messageState = defineState('wecom-message', (store) => ({
  inbox: store.ring<SentMessage>('inbox', 1000),
  sent: store.counter('sent'),
  memberWindows: store.map<string, RateWindow>('memberWindows', 20_000, staleWindow),
}));

const split = (v: unknown) => (typeof v === 'string' && v !== '' ? v.split('|') : []);

/** message/send: delivered into the emulator's inbox (the console shows it). */
export const weComMessage: Service = {
  name: 'wecom-message',
  platform: 'wecom',
  register(app, ctx) {
    const ownJson = guarded(app, (c) => ownAppPost(ctx, c));
    ownJson.post('/cgi-bin/message/send', async (c, call) => {
      const { caller, body } = call;
      const world = ctx.world();
      const msgtype = body['msgtype'];
      if (typeof msgtype === 'string' && OTHER_VALID_TYPES.includes(msgtype))
        return notEmulated(
          c,
          'wecom',
          `message/send msgtype ${msgtype} (the emulator delivers ${TYPES.join(', ')})`,
        );
      if (typeof msgtype !== 'string' || !TYPES.includes(msgtype))
        return fail(c, 'wecom', 40008, 'invalid message type', `msgtype ${String(msgtype)} is no WeCom type`);
      if (!body[msgtype] || typeof body[msgtype] !== 'object')
        return fail(
          c,
          'wecom',
          40058,
          'invalid Request Parameter',
          `${msgtype} message needs the ${msgtype} object`,
        );
      const rich = richMessage(
        c,
        world,
        { corpId: caller.corp.corpId, agentId: caller.app.agentId },
        msgtype,
        body,
      );
      if (rich instanceof Response) return rich;
      let message = rich;
      if (msgtype === 'image' || msgtype === 'file') {
        const mediaId = String((body[msgtype] as { media_id?: unknown }).media_id ?? '');
        if (!mediaId) return fail(c, 'wecom', 41006, 'media_id missing');
        if (!mediaStore(world).get('wecom', caller.corp.corpId, mediaId))
          return fail(
            c,
            'wecom',
            40007,
            'invalid media_id',
            "unknown, expired (3 days) or another corp's media",
          );
      }
      const markdown = String((body['markdown'] as { content?: unknown } | undefined)?.content ?? '');
      if (msgtype === 'markdown' && !markdown) return fail(c, 'wecom', 44004, 'empty content');
      // Refused, not cut (a capture: 40058 "markdown.content exceed max length").
      if (msgtype === 'markdown' && Buffer.byteLength(markdown) > WECOM_MESSAGE_LIMITS.markdownBytes)
        return fail(
          c,
          'wecom',
          40058,
          'markdown.content exceed max length',
          `markdown.content is ${Buffer.byteLength(markdown)} UTF-8 bytes; at most ${WECOM_MESSAGE_LIMITS.markdownBytes}`,
        );
      if (msgtype === 'text') {
        const content = String((body['text'] as { content?: unknown }).content ?? '');
        if (!content) return fail(c, 'wecom', 44004, 'empty content');
        message = {
          ...body,
          text: { ...(body['text'] as object), content: truncateUtf8(content, TEXT_LIMIT_BYTES) },
        };
      }
      const users = split(body['touser']);
      const parties = split(body['toparty']);
      const tags = split(body['totag']);
      if (users.length + parties.length + tags.length === 0)
        return fail(c, 'wecom', 82001, 'All touser & toparty & totag invalid');
      const visible = world.visibleMembers(caller.corp.corpId, caller.app.agentId);
      const delivered = new Set<string>();
      const invaliduser: string[] = [];
      const invalidparty: string[] = [];
      const byTag = users.includes('@all') ? undefined : tagRecipients(world, caller.corp, tags, visible);
      for (const userid of byTag?.userids ?? []) delivered.add(userid);
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
      const msgid = `emu${messageState.of(world).sent.next()}`;
      const owner = { corpId: caller.corp.corpId, agentId: caller.app.agentId };
      const duplicate = duplicateOf(world, owner, body, msgid);
      const answer = {
        invaliduser: invaliduser.join('|'),
        invalidparty: invalidparty.join('|'),
        invalidtag: (byTag?.invalid ?? []).join('|'),
        // 没有基础接口许可的成员: only third-party and 代开发 apps need the licence; a self-built app's is empty.
        unlicenseduser: '',
        msgid,
      };
      if (duplicate) {
        const { seconds, capped } = duplicateWindowSeconds(body);
        messageState
          .of(world)
          .inbox.push({ at: world.now(), ...owner, body: message, delivered: [], duplicateOf: duplicate });
        traffic.of(world).journal.push({
          at: world.now(),
          method: 'MESSAGE',
          path: '/cgi-bin/message/send',
          errcode: 0,
          note: `not delivered: the same request JSON as ${duplicate} within ${seconds} s (enable_duplicate_check)${capped ? '; duplicate_check_interval cut to 4 hours (refuse or cut: unverified)' : ''}. Unverified: the platform's answer to a duplicate (here as for a delivered message)`,
        });
        return ok(c, answer);
      }
      // Over a member's frequency limit the message is silently not delivered to them; the call still succeeds.
      const dropped: string[] = [];
      const { memberWindows } = messageState.of(world);
      for (const userid of delivered) {
        const key = `message:${caller.corp.corpId}:${caller.app.agentId}:${userid}`;
        const overMinute = overLimit(world, `${key}:minute`, PER_MEMBER_MINUTE, 60_000, memberWindows);
        const overHour = overLimit(world, `${key}:hour`, PER_MEMBER_HOUR, 3_600_000, memberWindows);
        if (overMinute || overHour) dropped.push(userid);
      }
      for (const userid of dropped) delivered.delete(userid);
      // Interactive template cards: remembered by task_id; the reply carries the first response_code.
      const responseCode =
        msgtype === 'template_card'
          ? rememberCard(world, {
              corpId: caller.corp.corpId,
              agentId: caller.app.agentId,
              msgid,
              card: body['template_card'] as Record<string, unknown>,
              recipients: [...delivered],
            })
          : undefined;
      messageState.of(world).inbox.push({
        at: world.now(),
        corpId: caller.corp.corpId,
        agentId: caller.app.agentId,
        body: message,
        delivered: [...delivered],
        ...(dropped.length > 0 ? { dropped } : {}),
      });
      if (dropped.length > 0)
        traffic.of(world).journal.push({
          at: world.now(),
          method: 'MESSAGE',
          path: '/cgi-bin/message/send',
          errcode: 0,
          note: `not delivered to ${dropped.join(', ')}: over ${PER_MEMBER_MINUTE}/minute or ${PER_MEMBER_HOUR}/hour for this app`,
        });
      return ok(c, { ...answer, ...(responseCode ? { response_code: responseCode } : {}) });
    });
  },
};
