#!/usr/bin/env node
// The `berth` command: builds the server first when its compiled code is missing or stale.
import { ensureServerBuilt } from '../scripts/build-if-stale.mjs';

await ensureServerBuilt();
await import('../dist/server/main.js');
