// Each callback event's model, written once: the builder (the fields the platform sends, for the emulator) and
// the parser (the typed event the server kit hands to apps).
export { cardEventFields, type WxCardEvent } from './card.js';
export {
  CHANGE_TYPES,
  type ChangeType,
  changeContactFields,
  contactFieldsOf,
  toContactChange,
  type WxContactChange,
} from './contact.js';
export { parseEvent, type WxEvent } from './event.js';
export * from './message.js';
export {
  subscribePopupFields,
  subscribeSentFields,
  type WxSubscribePopup,
  type WxSubscribeSent,
} from './subscribe.js';
export type { EventEnvelope } from './xml.js';
