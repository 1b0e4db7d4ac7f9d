/**
 * A real SMTP server for tests (the smtp-server package): STARTTLS, implicit TLS or none at all,
 * with a throwaway certificate, optional authentication, and an inbox of the parsed messages
 * (with whether each came over TLS).
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { testCertificate } from './tls.js';

export interface TestSmtp {
  port: number;
  inbox: ParsedMail[];
  /** For each message in the inbox, whether its session was encrypted. */
  overTls: boolean[];
  /** Resolves with the next message that arrives (or one already waiting). */
  nextMail(timeoutMs?: number): Promise<ParsedMail>;
  stop(): Promise<void>;
}

export interface TestSmtpOptions {
  /** Implicit TLS from the first byte (port 465 style); otherwise plain with STARTTLS offered. */
  implicitTls?: boolean;
  /** Plain text only: STARTTLS is not offered (nor understood). */
  noStartTls?: boolean;
  /** Require these credentials. */
  credentials?: { username: string; password: string };
}

export async function startSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const inbox: ParsedMail[] = [];
  const overTls: boolean[] = [];
  const waiting: ((mail: ParsedMail) => void)[] = [];
  let read = 0;
  const { cert, key } = testCertificate();
  const server = new SMTPServer({
    secure: options.implicitTls ?? false,
    key,
    cert,
    authOptional: !options.credentials,
    disabledCommands: [...(options.credentials ? [] : ['AUTH']), ...(options.noStartTls ? ['STARTTLS'] : [])],
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.credentials?.username && auth.password === options.credentials?.password;
      callback(ok ? null : Object.assign(new Error('Invalid username or password'), { responseCode: 535 }), ok ? { user: auth.username } : undefined);
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          inbox.push(mail);
          overTls.push(session.secure);
          waiting.shift()?.(mail);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
  });
  return {
    port,
    inbox,
    overTls,
    nextMail: (timeoutMs = 10_000) => {
      if (read < inbox.length) return Promise.resolve(inbox[read++]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no mail arrived')), timeoutMs);
        waiting.push((mail) => {
          clearTimeout(timer);
          read++;
          resolve(mail);
        });
      });
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
