import type { Request as ExpressRequest, Response as ExpressResponse, NextFunction } from 'express';
import type { WxServer } from '../index.js';
import { toNodeListener } from './node.js';

/**
 * Express middleware; mount it before body parsers so callbacks keep their raw body. After express.json() (NestJS's
 * default) login still works: the parsed body is used.
 */
export function wxExpress(wx: Pick<WxServer, 'handle' | 'owns'>) {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (!wx.owns(req.path)) return next();
    toNodeListener(wx, () => next())(req, res);
  };
}
