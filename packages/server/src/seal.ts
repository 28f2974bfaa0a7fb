/**
 * Authenticated encryption (AES-256-GCM) for what the server hands the browser to keep: session tokens and
 * login states. One key per purpose, derived from the session secret with HKDF, so a login state can never be
 * replayed as a session and neither reveals its contents (user fields, return path) to whoever sees it. The seal
 * itself is core's (the same one core's code exchange uses).
 */
export { createSealer, type Sealer } from '@wxkit/core';
