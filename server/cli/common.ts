/** What every CLI command shares: loading harbor.yml, printing problems, exit statuses. */
import path from 'node:path';
import { ConfigError, loadConfig, type LoadedConfig } from '../config/load.js';
import { expectedSetting, isSettingKey, SECRET_SETTINGS } from '../core/settings/definitions.js';
import { settingProblems } from '../core/settings/settings.service.js';

/** Exit statuses: 2 for a bad configuration or usage (nothing was touched), 1 for a failure. */
export const EXIT = { ok: 0, failure: 1, badConfig: 2 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

export interface ConfigFlag {
  config?: string;
}

/**
 * Loads harbor.yml and checks initial_settings; prints warnings to stderr unless the command
 * logs them itself (serve). Throws ConfigError on problems.
 */
export function loadForCli(flags: ConfigFlag, options: { printWarnings?: boolean } = {}): LoadedConfig {
  const loaded = loadConfig({ file: flags.config });
  if (options.printWarnings ?? true) for (const warning of loaded.warnings) process.stderr.write(`${warning}\n`);
  const label = loaded.file ? path.basename(loaded.file) : 'harbor.yml';
  const initial = loaded.config.initial_settings ?? {};
  // Said the way harbor.yml's other problems are, not in zod's words; secrets are not echoed.
  const problems = settingProblems(initial).map(({ key, message }) => {
    if (!isSettingKey(key)) return `${label}: initial_settings.${key}: ${message}`;
    const shown = SECRET_SETTINGS.has(key) ? '(a hidden value)' : JSON.stringify(initial[key]);
    return `${label}: initial_settings.${key}: ${expectedSetting(key)}, got ${shown}`;
  });
  if (problems.length) throw new ConfigError(problems);
  return loaded;
}

/** Runs a command, printing errors the way operators read them, and sets the exit status. */
export async function run(command: () => Promise<void>): Promise<void> {
  try {
    await command();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.problems.join('\n')}\n`);
      process.exitCode = EXIT.badConfig;
    } else if (err instanceof CliError) {
      process.stderr.write(`berth: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`berth: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = EXIT.failure;
    }
  }
}
