/**
 * Kept only for pages/console.ts (being edited on another branch): the inbox moved to wecom/message/message.ts.
 * Once console.ts imports messageState from there, delete this file.
 */
export { messageState } from '../wecom/message/message.js';
