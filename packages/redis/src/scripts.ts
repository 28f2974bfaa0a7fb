import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** A Lua script run by its SHA-1 (EVALSHA), so each call sends the hash rather than the script's text. */
export interface Script {
  readonly lua: string;
  readonly sha: string;
}

const script = (lua: string): Script => ({ lua, sha: createHash('sha1').update(lua).digest('hex') });

/** Deletes KEYS[1] if it holds ARGV[1]; 1 when it deleted. Releases a lock and drops a rejected token. */
export const COMPARE_AND_DELETE = script(
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
);

/**
 * The value of KEYS[1] with its TTL ({2, value, pttl}); else the lock KEYS[2] taken for owner ARGV[1] for ARGV[2]
 * ms ({1}); else {0} (empty, and the lock is held). Both keys share a hash tag, so this runs on a Cluster too.
 */
export const READ_OR_LOCK = script(`local v = redis.call('get', KEYS[1])
if v then return {2, v, redis.call('pttl', KEYS[1])} end
if redis.call('set', KEYS[2], ARGV[1], 'PX', ARGV[2], 'NX') then return {1} end
return {0}`);

/**
 * Runs `s` by hash; a server that does not hold it yet (started since, failed over, SCRIPT FLUSH) answers
 * NOSCRIPT and gets the text once.
 */
export async function runScript(
  redis: Redis | Cluster,
  s: Script,
  keys: string[],
  args: (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
    return redis.eval(s.lua, keys.length, ...keys, ...args);
  }
}

/**
 * SET KEYS[1] to ARGV[1] for ARGV[2] ms, then delete the lock KEYS[2] if owner ARGV[3] still holds it: a value
 * written and its lock released in one round trip. Both keys share a hash tag.
 */
export const SET_AND_RELEASE = script(`redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
if redis.call('get', KEYS[2]) == ARGV[3] then redis.call('del', KEYS[2]) end
return 1`);
