// The server kit and its store run as plain Node packages, not bundled.
export default {
  serverExternalPackages: ['@wxkit/core', '@wxkit/server', '@wxkit/redis', 'ioredis'],
};
