export type { Identity } from './apps/index.js';
export type { HeadersSource } from './call.js';
export { type CsrfInput, crossSiteRefusal } from './csrf.js';
export { type ErrorBody, errorResponse } from './http.js';
export type { TrustProxy } from './origin.js';
export { clientKind, safeRedirectPath } from './redirect.js';
// template_card_event: the typed card part of a WxEvent.
export type { WxCardEvent } from './routes/event-card.js';
export type { CallbackMode, CallbackOptions } from './routes/event-config.js';
// WeCom contacts: the typed change_contact event.
export type { WxContactChange } from './routes/event-contact.js';
// OA subscription notifications: event.subscribePopup / event.subscribeSent.
export type { WxSubscribePopup, WxSubscribeSent } from './routes/event-subscribe.js';
export type { EventHandler, WxEvent } from './routes/events.js';
export { createWxServer, type RouteName, type WxServer, type WxServerOptions } from './server.js';
export type { Session, SessionUser } from './session.js';
