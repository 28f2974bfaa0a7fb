#!/usr/bin/env node
// Kept as plain JS in git so npm can link the bin before the build has run.
await import('../dist/bin.js');
