#!/usr/bin/env -S MALLOC_TRIM_THRESHOLD_=131072 node --max-semi-space-size=8
// The `berth` command: builds the server first when its compiled code is missing or stale. The
// variable and the node flag are server/memory.ts's LAUNCH_ENV and LAUNCH_NODE_FLAGS (a first
// line cannot import them; malloc reads its variable before any script runs).
import { ensureServerBuilt } from '../scripts/build-if-stale.mjs';

await ensureServerBuilt();
await import('../dist/server/main.js');
