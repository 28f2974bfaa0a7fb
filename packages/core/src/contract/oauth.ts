/** An OAuth code lives five minutes and works once (both platforms). */
export const CODE_LIFETIME_MS = 5 * 60_000;

/**
 * The documented `state` rule: a-zA-Z0-9, at most 128 bytes (both platforms). The platforms pass back more than
 * that (the emulator follows them); what wxkit generates and accepts from callers keeps to the documented rule.
 */
export const STATE_PATTERN = /^[A-Za-z0-9]{1,128}$/;

export const isState = (value: unknown): value is string =>
  typeof value === 'string' && STATE_PATTERN.test(value);
