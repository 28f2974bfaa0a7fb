import type { Service } from './context.js';
import type { Platform, State } from './world.js';

/**
 * One emulated feature, declared in one place (`<platform>/<feature>/feature.ts`) and registered with one line in
 * `features.ts`: what it remembers and where it answers. See the package README, "Adding a feature".
 */
export interface Feature {
  /** `<platform>/<feature>`, e.g. `oa/subscribe`. */
  name: string;
  /** The platform whose API `api` serves (requests reach it by the token's platform or the host, see routing.ts). */
  platform?: Platform;
  /** Its collections in the store: persisted, snapshotted, sized and pruned with no list to update. */
  state?: readonly State<unknown>[];
  /** Platform API routes (`/cgi-bin/…`, `/sns/…`), registered on the platform's own router. */
  api?: readonly Service[];
  /** Control routes under `/_emulator/…` (what a test or the console does to the world). */
  control?: readonly Service[];
  /** Console pages (HTML under `/_emulator/…`). */
  console?: readonly Service[];
}

export const defineFeature = (feature: Feature): Feature => {
  for (const service of feature.api ?? [])
    if (!feature.platform || service.platform !== feature.platform)
      throw new Error(
        `@wxkit/emulator: feature ${feature.name}: API service ${service.name} must be ${feature.platform ?? 'a platform'}'s (set platform on both)`,
      );
  return feature;
};
