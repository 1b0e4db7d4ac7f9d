/** `berth admin reset-password USER`: a new password from a prompt or from stdin. */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { createContext } from '../app.js';
import { deleteSessionsOfUser } from '../core/sessions/session.repository.js';
import { setPassword } from '../core/users/user.service.js';
import { isAppError } from '../lib/errors.js';
import { createLoggers } from '../log/loggers.js';
import { CliError, EXIT, loadForCli, type ConfigFlag } from './common.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** Asks on the terminal without echoing what is typed. */
async function prompt(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const answer = new Promise<string>((resolve) => rl.question(question, resolve));
  muted = true;
  const value = await answer;
  rl.close();
  process.stderr.write('\n');
  return value;
}

async function newPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readStdin();
  const first = await prompt('New password: ');
  const second = await prompt('Repeat it: ');
  if (first !== second) throw new CliError('the two passwords differ; nothing changed', EXIT.badConfig);
  return first;
}

export async function resetPasswordCommand(username: string, flags: ConfigFlag): Promise<void> {
  const loaded = loadForCli(flags);
  const { config } = loaded;
  const password = await newPassword();
  const loggers = createLoggers({
    level: config.log.level,
    location: config.log.local.location,
    rotateCount: config.log.local.rotate_count,
    rotateSize: config.log.local.rotate_size,
    stdout: false,
  });
  const ctx = await createContext(loaded, { loggers });
  try {
    const user = await setPassword(ctx.db, username, password);
    const ended = await deleteSessionsOfUser(ctx.db, user.id);
    ctx.loggers.core.info({ user: username, sessionsEnded: ended }, 'password reset from the command line');
    process.stdout.write(`The password of ${username} was changed; ${ended} session(s) ended.\n`);
  } catch (err) {
    if (isAppError(err)) throw new CliError(err.message, err.kind === 'NOT_FOUND' ? EXIT.failure : EXIT.badConfig);
    throw err;
  } finally {
    await ctx.settings.close();
    ctx.audit.close();
    await ctx.database.close();
    await loggers.close();
  }
}
