export { type CallbackCrypto, type CallbackCryptoOptions, createCallbackCrypto } from './crypto/callback.js';
export { buildXml, parseXml } from './crypto/xml.js';
export { type Explanation, explain, listExplanations } from './errors/catalog.js';
export {
  isWxApiError,
  isWxConfigError,
  isWxCryptoError,
  isWxError,
  isWxHttpError,
  type Platform,
  WxApiError,
  WxConfigError,
  WxCryptoError,
  WxError,
  WxHttpError,
} from './errors/errors.js';
export { redact } from './errors/redact.js';
export {
  DEFAULT_HOSTS,
  EMULATOR_HOST_ENV,
  type Hosts,
  isEmulated,
  JSSDK_SCRIPT_PATH,
  resolveHosts,
} from './hosts.js';
export { type JsapiSignatureInput, jsapiSignature, signableUrl } from './jssdk/signature.js';
export { consoleLogger, type Logger, silentLogger } from './logger.js';
export { createFileStore, type FileStoreOptions } from './store/file.js';
export { createMemoryStore, type MemoryStoreOptions } from './store/memory.js';
export type { Store, StoreLock } from './store/store.js';
