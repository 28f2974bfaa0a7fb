import { inputError } from '../errors/place.js';

/** The input rules of the contacts API, checked before any call; errors name the errcode (the client names the method). */

/** user/list_id: "取值范围 1 ~ 10000" (doc 96067). */
export const LIST_IDS_MAX_LIMIT = 10_000;
/** listAllIds stops after this many pages (10 million member-department pairs at the largest page). */
export const LIST_ALL_MAX_PAGES = 1000;

export const USERID = /^[0-9A-Za-z_\-@.]{1,64}$/;
/** "长度不超过32位，字符仅支持数字，加号和减号"; user/getuserid: 5-32 bytes. */
export const MOBILE = /^[0-9+-]{5,32}$/;
export const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;
export const UINT32 = 2 ** 32;

export function assertUserid(userid: unknown): asserts userid is string {
  if (typeof userid !== 'string' || !USERID.test(userid))
    throw inputError(
      `userid must be 1-64 characters [0-9A-Za-z_-@.] (got ${JSON.stringify(userid)}; the platform answers 40003)`,
    );
}

export function assertDepartment(id: unknown): asserts id is number {
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id >= UINT32)
    throw inputError(
      `the department id must be a positive 32-bit integer, 1 for the root (got ${JSON.stringify(id)}; the platform answers 60123)`,
    );
}

export function assertFetchChild(options: unknown): boolean {
  if (options === undefined) return false;
  const fetchChild = (options as { fetchChild?: unknown } | null)?.fetchChild;
  if (
    typeof options !== 'object' ||
    options === null ||
    (fetchChild !== undefined && typeof fetchChild !== 'boolean')
  )
    throw inputError(`options are { fetchChild?: boolean }`);
  return fetchChild === true;
}

export function assertPage(options: unknown): { cursor?: string; limit?: number } {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null)
    throw inputError(`options are { cursor?: string, limit?: 1-10000 }`);
  const { cursor, limit } = options as { cursor?: unknown; limit?: unknown };
  if (cursor !== undefined && (typeof cursor !== 'string' || cursor === '' || cursor.length > 1024))
    throw inputError(
      `cursor must be the next_cursor of the previous page, as it came (the platform answers 50100 for a bad one)`,
    );
  if (
    limit !== undefined &&
    (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > LIST_IDS_MAX_LIMIT)
  )
    throw inputError(
      `limit must be a whole number 1-${LIST_IDS_MAX_LIMIT} (got ${JSON.stringify(limit)}; the platform answers 40058)`,
    );
  return {
    ...(cursor === undefined ? {} : { cursor: cursor as string }),
    ...(limit === undefined ? {} : { limit: limit as number }),
  };
}
