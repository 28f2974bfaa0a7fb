export { createRedisStore, type RedisStore, type RedisStoreOptions } from './store.js';
