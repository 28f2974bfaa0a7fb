import { createHash, randomInt } from 'node:crypto';
import type { World } from '../../world.js';

/**
 * The account's original id (`gh_` + 12 hex), which the platform puts in ToUserName. The seed has none, so it
 * is derived from the AppID: stable across runs, and never a real account's id.
 */
export const originalId = (appId: string) =>
  `gh_${createHash('sha1').update(appId).digest('hex').slice(0, 12)}`;

/** Seconds, as the platform's CreateTime and timestamp (text for the query, a number for XML). */
export const stamp = (world: World) => String(Math.floor(world.now() / 1000));
// The platform's nonces are digits.
export const digits = (length: number) =>
  Array.from({ length }, (_, i) => randomInt(i === 0 ? 1 : 0, 10)).join('');

/** The same seconds as a number (CreateTime in the events other features push). */
export const oaStamp = (world: World) => Number(stamp(world));
