export { BRIDGE_SCRIPT } from './bridge.js';
export { createEmulator, type Emulator, type EmulatorOptions } from './emulator.js';
export {
  defaultSeed,
  loadSeed,
  type Seed,
  type SeedApp,
  type SeedCorp,
  SeedError,
  type SeedFollower,
  type SeedMember,
  type SeedOfficialAccount,
} from './seed.js';
