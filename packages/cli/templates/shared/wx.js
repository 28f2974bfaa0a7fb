// The wxkit half of the app, shared by the server file: the platform client, the store and the server kit.
// `npm run dev` (wxkit dev) sets every variable read here for the emulator.
import { createMemoryStore, createOfficialAccount, createWeCom } from '@wxkit/core';
import { createRedisStore } from '@wxkit/redis';
import { createWxServer } from '@wxkit/server';

const env = process.env;
const PLATFORM = '__PLATFORM__';

function required(name) {
  const value = env[name];
  if (!value)
    throw new Error(
      `${name} is not set. Start the app with \`npm run dev\` (wxkit dev hands over the emulator's credentials), or set it from the admin console for the real platform.`,
    );
  return value;
}

export const port = Number(env.PORT ?? 3000);
/** Where browsers reach the app: every link and redirect the kit builds starts here (set it behind a proxy). */
export const publicUrl = env.PUBLIC_URL ?? `http://localhost:${port}`;

// One store for tokens, tickets, codes and sessions: Redis (REDIS_URL) when several processes run the app.
export const store = env.REDIS_URL
  ? createRedisStore({ url: env.REDIS_URL, prefix: env.REDIS_PREFIX ?? '__NAME__:' })
  : createMemoryStore();

const platform =
  PLATFORM === 'wecom'
    ? {
        wecom: createWeCom({
          corpId: required('WECOM_CORP_ID'),
          corpSecret: required('WECOM_SECRET'),
          agentId: Number(required('WECOM_AGENT_ID')),
          store,
        }),
      }
    : {
        officialAccount: createOfficialAccount({
          appId: required('OA_APP_ID'),
          appSecret: required('OA_SECRET'),
          store,
        }),
      };

export const wx = createWxServer({
  ...platform,
  store,
  session: { secret: required('SESSION_SECRET') },
  publicUrl,
  jssdk: { jsApiList: ['closeWindow'] },
});

/** What GET /api/me answers: the member of this request's session, or 401. */
export async function me(request) {
  const user = await wx.getUser(request);
  return user ? { status: 200, body: { user } } : { status: 401, body: { error: { code: 'no_session' } } };
}
