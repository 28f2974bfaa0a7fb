import { atPlace } from '../errors/place.js';
import { assertState as state } from './checks.js';

/** The OAuth `state` rule for callers outside a client (a server checking a state early). */
export const assertState = atPlace('@wxkit/core assertState', state);
