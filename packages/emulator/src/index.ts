export { BRIDGE_SCRIPT } from './bridge.js';
export { createEmulator, type Emulator, type EmulatorOptions } from './emulator.js';
export { EXPORT_FILE, type SnapshotInfo, StateFileError } from './lifecycle.js';
export {
  DEFAULT_LIMITS,
  defaultSeed,
  loadSeed,
  type Seed,
  type SeedApp,
  type SeedCorp,
  SeedError,
  type SeedFollower,
  type SeedLimits,
  type SeedMember,
  type SeedOfficialAccount,
} from './seed.js';
