// The callback event's model is core's contract (@wxkit/core/contract); named here for handlers.
export type { WxCardEvent, WxContactChange, WxSubscribePopup, WxSubscribeSent } from '@wxkit/core/contract';
export type { Identity } from './apps/index.js';
export type { HeadersSource } from './call.js';
export { type CsrfInput, crossSiteRefusal } from './csrf.js';
export { createHealthHandler, type HealthOptions, type HealthReply } from './health.js';
export { type ErrorBody, errorResponse } from './http.js';
export type { TrustProxy } from './origin.js';
export { clientKind, type SitePath, safeRedirectPath } from './redirect.js';
export type { CallbackMode, CallbackOptions } from './routes/event-config.js';
export type { EventHandler, WxEvent } from './routes/events.js';
export {
  createWxServer,
  type ProviderEvent,
  type ProviderEventHandler,
  type ProviderEventType,
  type RouteName,
  type WxServer,
  type WxServerOptions,
} from './server.js';
export type { Session, SessionUser } from './session.js';
