import type { Request as ExpressRequest, Response as ExpressResponse, NextFunction } from 'express';
import type { WxServer } from '../server.js';
import { toRequest, writeResponse } from './node.js';

/** Express middleware; mount it before body parsers so callbacks keep their raw body. */
export function wxExpress(wx: Pick<WxServer, 'handle' | 'owns'>) {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (!wx.owns(req.path)) return next();
    toRequest(req)
      .then((request) => wx.handle(request))
      .then((response) => (response ? writeResponse(res, response) : next()))
      .catch(next);
  };
}
