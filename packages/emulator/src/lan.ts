import { networkInterfaces } from 'node:os';

/** The first non-internal IPv4 address of this machine: what a phone on the same network reaches it by. */
export function lanAddress(interfaces = networkInterfaces()): string | undefined {
  for (const list of Object.values(interfaces))
    for (const address of list ?? [])
      if (address.family === 'IPv4' && !address.internal) return address.address;
  return undefined;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `url` with a loopback host swapped for the LAN address, so a QR code of it opens on a phone; else unchanged. */
export function forPhones(url: string, lan: string | undefined): string {
  if (!lan) return url;
  try {
    const parsed = new URL(url);
    if (!LOOPBACK_NAMES.has(parsed.hostname)) return url;
    parsed.hostname = lan;
    return parsed.toString();
  } catch {
    return url;
  }
}
