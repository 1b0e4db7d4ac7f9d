/** The `berth` command line. */
import { Command } from 'commander';
import { EXIT, run } from './cli/common.js';
import { VERSION } from './lib/package-info.js';

// Each command's code is loaded when that command runs: the server does not carry the migration
// tool's drivers (pg for `migrate move`) in its heap, and `berth --help` starts at once.
const adminCli = () => import('./cli/admin.js');
const migrateCli = () => import('./cli/migrate.js');
const prepareCli = () => import('./cli/prepare.js');
const serveCli = () => import('./cli/serve.js');

const CONFIG_HELP = 'harbor.yml to read (default: $BERTH_CONFIG, else ./harbor.yml if present, else defaults)';

const program = new Command('berth')
  .description('Berth: a private container image registry with a web console, compatible with Harbor.')
  .version(VERSION)
  .showHelpAfterError()
  // Commander exits 1 on an unknown option or a missing argument; Berth documents 2 for usage
  // errors (common.ts EXIT). Subcommands inherit this. Help and --version still exit 0.
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : EXIT.badConfig));

program
  .command('serve')
  .description('Start Berth: registry, token service, API and console on one port.')
  .option('-c, --config <path>', CONFIG_HELP)
  .action((flags: { config?: string }) => run(async () => (await serveCli()).serveCommand(flags)));

program
  .command('prepare')
  .description('Create the token signing key, its certificate and the secret key under <data_volume>/secret (never overwrites).')
  .option('-c, --config <path>', CONFIG_HELP)
  .option('--from-cfg <harbor.cfg>', 'convert a Harbor 1.x harbor.cfg into harbor.yml first')
  .option('--out <path>', 'where --from-cfg writes harbor.yml (default: --config, else ./harbor.yml)')
  .option('--force', 'let --from-cfg replace an existing harbor.yml')
  .action((flags: { config?: string; fromCfg?: string; out?: string; force?: boolean }) =>
    run(async () => (await prepareCli()).prepareCommand(flags)),
  );

const migrate = program.command('migrate').description('Database schema migrations.');
migrate
  .command('up')
  .description('Apply every pending migration.')
  .option('-c, --config <path>', CONFIG_HELP)
  .action((flags: { config?: string }) => run(async () => (await migrateCli()).migrateUpCommand(flags)));
migrate
  .command('status')
  .description('List migrations, applied and pending.')
  .option('-c, --config <path>', CONFIG_HELP)
  .action((flags: { config?: string }) => run(async () => (await migrateCli()).migrateStatusCommand(flags)));
migrate
  .command('test')
  .description('Check that the configured database answers.')
  .option('-c, --config <path>', CONFIG_HELP)
  .action((flags: { config?: string }) => run(async () => (await migrateCli()).migrateTestCommand(flags)));

migrate
  .command('backup')
  .description('Copy the database to a file before an upgrade (SQLite online backup, or pg_dump).')
  .option('-c, --config <path>', CONFIG_HELP)
  .option('--out <file>', 'where to write the backup (default: berth-backup-<time>.db or .dump)')
  .action((flags: { config?: string; out?: string }) => run(async () => (await migrateCli()).migrateBackupCommand(flags)));
migrate
  .command('restore')
  .description('Replace the database with a backup. Stop every Berth process first.')
  .argument('<file>', 'a file made by `berth migrate backup`')
  .option('-c, --config <path>', CONFIG_HELP)
  .action((file: string, flags: { config?: string }) => run(async () => (await migrateCli()).migrateRestoreCommand(file, flags)));
migrate
  .command('move')
  .description('Copy the embedded SQLite database into an empty PostgreSQL database (stop Berth first).')
  .requiredOption('--to <url>', 'the PostgreSQL database, as postgres://user:password@host:5432/name')
  .option('-c, --config <path>', CONFIG_HELP)
  .action((flags: { config?: string; to: string }) => run(async () => (await migrateCli()).migrateMoveCommand(flags)));

const admin = program.command('admin').description('Administration from the command line.');
admin
  .command('reset-password')
  .description('Set a new password for USER, read from a prompt or from stdin.')
  .argument('<user>', 'the username')
  .option('-c, --config <path>', CONFIG_HELP)
  .action((user: string, flags: { config?: string }) => run(async () => (await adminCli()).resetPasswordCommand(user, flags)));

await program.parseAsync();
