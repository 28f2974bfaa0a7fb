import { atPlace } from '../errors/place.js';
import { assertOpenid as openid } from '../oa/openid.js';
import { buildQrCodeBody as qrCodeBody } from '../oa/qrcode.js';
import { assertSubscribeMessage as subscribeMessage } from '../oa/subscribe.js';
import { assertTemplateCardUpdate as templateCardUpdate } from '../wecom/card-update.js';

// The asserts a caller uses outside a client (the emulator, a test, an app checking early): inside a client the
// client names its errors; here the entry point does, `@wxkit/core/rules <name>: …`.
const RULES = '@wxkit/core/rules';

export const assertOpenid = atPlace(`${RULES} assertOpenid`, openid);
export const buildQrCodeBody = atPlace(`${RULES} buildQrCodeBody`, qrCodeBody);
export const assertSubscribeMessage = atPlace(`${RULES} assertSubscribeMessage`, subscribeMessage);
export const assertTemplateCardUpdate = atPlace(`${RULES} assertTemplateCardUpdate`, templateCardUpdate);
