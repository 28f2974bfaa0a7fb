import type { Logger } from '@wxkit/core';
import type { BodyConsumedError } from './body-consumed.js';
import type { WxReply } from './call.js';
import { errorReply } from './http.js';

const FIX =
  'Mount the kit before any body parser: app.use(wxExpress(wx)) before express.json(), app.use(wxKoa(wx)) before bodyParser(); NestJS: NestFactory.create(AppModule, { rawBody: true }) or { bodyParser: false } with express.json() after wxExpress';

/** Answers the error and logs it once per server: every later request would log the same cause. */
export function bodyConsumedReplier(logger: Logger): (error: BodyConsumedError) => WxReply {
  let logged = false;
  return (error) => {
    if (!logged) {
      logged = true;
      logger.error(`${error.message}. ${FIX}`);
    }
    return errorReply(500, {
      code: 'body_consumed',
      message: 'A body parser mounted before wxkit read the request body',
      hint: FIX,
    });
  };
}
