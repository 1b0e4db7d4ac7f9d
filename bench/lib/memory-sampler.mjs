// Loaded into a Berth server with `node --import` by bench/memory-trace.ts: every 250 ms it
// appends one JSON line to $BERTH_MEMORY_TRACE saying where the process's memory is (resident,
// anonymous, V8's heap by space, array buffers), so that what is left after a load can be told
// apart: V8's heap, live buffers, or pages malloc keeps after they were freed.
import fs from 'node:fs';
import v8 from 'node:v8';

const file = process.env.BERTH_MEMORY_TRACE;
if (file) {
  const fd = fs.openSync(file, 'a');
  const kib = (text, key) => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : 0;
  };
  const sample = () => {
    const rollup = fs.readFileSync('/proc/self/smaps_rollup', 'utf8');
    const usage = process.memoryUsage();
    const spaces = {};
    for (const s of v8.getHeapSpaceStatistics()) {
      spaces[s.space_name.replace(/_space$/, '')] = [s.space_size, s.space_used_size];
    }
    const line = {
      t: Date.now(),
      rss: usage.rss,
      anon: kib(rollup, 'Anonymous'),
      heapTotal: usage.heapTotal,
      heapUsed: usage.heapUsed,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
      spaces,
    };
    fs.writeSync(fd, `${JSON.stringify(line)}\n`);
  };
  setInterval(sample, 250).unref();
}
