// The kit's routes (/wx/login, /wx/callback, /wx/session, /wx/me, /wx/jssdk/config, /wx/events) as one route
// handler: web Request in, web Response out.
import { wx } from '../../../wx.js';

export const dynamic = 'force-dynamic';

const handle = async (request) =>
  (await wx.handle(request)) ?? Response.json({ error: { code: 'not_found' } }, { status: 404 });

export const GET = handle;
export const POST = handle;
