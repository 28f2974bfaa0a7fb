export type { SentinelOptions } from './connect.js';
export { createRedisStore, type RedisStore, type RedisStoreOptions } from './store.js';
