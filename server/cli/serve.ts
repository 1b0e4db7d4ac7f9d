/** `berth serve`: run Berth until SIGTERM or SIGINT, then drain and exit 0. */
import { startBerth } from '../lifecycle.js';
import { loadForCli, type ConfigFlag } from './common.js';

export async function serveCommand(flags: ConfigFlag): Promise<void> {
  // createContext logs the warnings, to core.log as well as the terminal.
  const loaded = loadForCli(flags, { printWarnings: false });
  const berth = await startBerth(loaded);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      // A second signal while draining changes nothing: the drain is already bounded.
      if (stopping) return;
      stopping = true;
      berth.ctx.loggers.core.info({ signal }, 'signal received');
      berth.stop().then(resolve, (err: unknown) => {
        process.stderr.write(`berth: error while stopping: ${String(err)}\n`);
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
