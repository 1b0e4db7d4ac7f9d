#!/usr/bin/env -S node --max-semi-space-size=8
// The `berth` command: builds the server first when its compiled code is missing or stale. The
// node flag is server/memory.ts's LAUNCH_NODE_FLAGS (a first line cannot import it).
import { ensureServerBuilt } from '../scripts/build-if-stale.mjs';

await ensureServerBuilt();
await import('../dist/server/main.js');
