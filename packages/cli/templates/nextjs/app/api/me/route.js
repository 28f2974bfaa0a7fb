import { me } from '../../../wx.js';

export const dynamic = 'force-dynamic';

export async function GET(request) {
  const { status, body } = await me(request);
  return Response.json(body, { status });
}
