/** `berth prepare`: make the keys (and, with --from-cfg, a harbor.yml from a Harbor 1.x harbor.cfg). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { convertHarborCfg } from '../config/legacy-cfg.js';
import { prepareSecrets } from '../secrets/prepare.js';
import { CliError, EXIT, loadForCli, type ConfigFlag } from './common.js';

export interface PrepareFlags extends ConfigFlag {
  fromCfg?: string;
  out?: string;
  force?: boolean;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

function convert(flags: PrepareFlags & { fromCfg: string }): string {
  let text: string;
  try {
    text = readFileSync(flags.fromCfg, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${flags.fromCfg}: ${(err as Error).message}`, EXIT.badConfig);
  }
  const out = path.resolve(flags.out ?? flags.config ?? 'harbor.yml');
  if (existsSync(out) && !flags.force) {
    throw new CliError(`${out} already exists; pass --force to replace it, or --out to write elsewhere`, EXIT.badConfig);
  }
  const conversion = convertHarborCfg(text);
  writeFileSync(out, conversion.yaml, { mode: 0o600 });
  say(`Wrote ${out} from ${flags.fromCfg}.`);
  if (conversion.runtimeKeys.length) {
    say('These keys became runtime settings (initial_settings, applied at first start, then edited in the console):');
    for (const key of conversion.runtimeKeys) say(`  ${key}`);
  }
  for (const note of conversion.notes) say(`Note: ${note}`);
  return out;
}

export async function prepareCommand(flags: PrepareFlags): Promise<void> {
  const configFile = flags.fromCfg ? convert({ ...flags, fromCfg: flags.fromCfg }) : flags.config;
  const { config } = loadForCli({ config: configFile });
  const secrets = await prepareSecrets(config.data_volume);
  if (secrets.created.length === 0) say(`Keys already present under ${path.join(config.data_volume, 'secret')}; nothing changed.`);
  for (const file of secrets.created) say(`Created ${file}`);
}
