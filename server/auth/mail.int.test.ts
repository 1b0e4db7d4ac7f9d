/** Mail through a real SMTP server: STARTTLS, implicit TLS, authentication, failures. */
import { afterEach, describe, expect, test } from 'vitest';
import { freePort } from '../testing/free-port.js';
import { startSmtp, type TestSmtp } from '../testing/smtp.js';
import { pingMailServer, sendMail, type MailSettings } from './mail.js';

let smtp: TestSmtp | undefined;

afterEach(async () => {
  await smtp?.stop();
  smtp = undefined;
});

const settings = (port: number, overrides: Partial<MailSettings> = {}): MailSettings => ({
  email_host: '127.0.0.1',
  email_port: port,
  email_username: '',
  email_password: '',
  email_from: 'Berth <berth@example.org>',
  email_identity: '',
  email_ssl: false,
  email_starttls: true,
  email_insecure: true,
  ...overrides,
});

describe('sendMail', () => {
  test('over STARTTLS with authentication: the message arrives with its sender, subject and body', async () => {
    smtp = await startSmtp({ credentials: { username: 'mailer', password: 'mail-pw' } });
    await sendMail(settings(smtp.port, { email_username: 'mailer', email_password: 'mail-pw' }), {
      to: 'alice@example.org',
      subject: 'Reset your Berth password',
      text: 'Open https://berth.example/reset-password?token=abc',
    });
    const mail = await smtp.nextMail();
    expect(mail.from?.value[0]).toMatchObject({ name: 'Berth', address: 'berth@example.org' });
    expect(mail.subject).toBe('Reset your Berth password');
    expect(mail.text).toContain('reset-password?token=abc');
  });

  test("by default (Harbor's rule): no STARTTLS and no login offered, the mail goes in plain text; STARTTLS offered, it is used", async () => {
    smtp = await startSmtp({ noStartTls: true });
    const harbor = settings(smtp.port, { email_starttls: false });
    await sendMail(harbor, { to: 'dan@example.org', subject: 'plain', text: 'hello' });
    expect((await smtp.nextMail()).subject).toBe('plain');
    expect(smtp.overTls).toEqual([false]);
    expect(await pingMailServer(harbor)).toMatchObject({ success: true });
    await smtp.stop();

    smtp = await startSmtp();
    await sendMail(settings(smtp.port, { email_starttls: false }), { to: 'dan@example.org', subject: 'upgraded', text: 'hello' });
    expect((await smtp.nextMail()).subject).toBe('upgraded');
    expect(smtp.overTls).toEqual([true]);
  });

  test('an offered STARTTLS still checks the certificate unless email_insecure; required STARTTLS refuses a server without it', async () => {
    smtp = await startSmtp();
    await expect(
      sendMail(settings(smtp.port, { email_starttls: false, email_insecure: false }), { to: 'e@example.org', subject: 's', text: 't' }),
    ).rejects.toMatchObject({ kind: 'UNAVAILABLE', message: expect.stringMatching(/self[- ]signed/i) });
    await smtp.stop();

    smtp = await startSmtp({ noStartTls: true });
    await expect(sendMail(settings(smtp.port, { email_starttls: true }), { to: 'e@example.org', subject: 's', text: 't' })).rejects.toMatchObject({
      kind: 'UNAVAILABLE',
      message: expect.stringMatching(/refused: 500 .*not recognized/),
    });
    expect(smtp.inbox).toEqual([]);
  });

  test('over implicit TLS (email_ssl)', async () => {
    smtp = await startSmtp({ implicitTls: true });
    await sendMail(settings(smtp.port, { email_ssl: true }), { to: 'bob@example.org', subject: 'hi', text: 'hello' });
    expect((await smtp.nextMail()).subject).toBe('hi');
  });

  test('certificate verification is on unless email_insecure: a self-signed server is refused with the reason', async () => {
    smtp = await startSmtp();
    await expect(
      sendMail(settings(smtp.port, { email_insecure: false }), { to: 'c@example.org', subject: 's', text: 't' }),
    ).rejects.toMatchObject({ kind: 'UNAVAILABLE', message: expect.stringMatching(/self[- ]signed/i) });
  });
});

describe('pingMailServer', () => {
  test("reports success, or the SMTP server's own answer on failure", async () => {
    smtp = await startSmtp({ credentials: { username: 'mailer', password: 'mail-pw' } });
    expect(await pingMailServer(settings(smtp.port, { email_username: 'mailer', email_password: 'mail-pw' }))).toMatchObject({ success: true });
    const refused = await pingMailServer(settings(smtp.port, { email_username: 'mailer', email_password: 'wrong' }));
    expect(refused.success).toBe(false);
    expect(refused.message).toMatch(/^The SMTP server 127\.0\.0\.1:\d+ refused: 535 Invalid username or password/);
    expect(smtp.inbox).toEqual([]);
  });

  test('an unreachable server and a missing configuration are reported in plain words', async () => {
    const down = await pingMailServer(settings(await freePort()));
    expect(down).toMatchObject({ success: false, message: expect.stringMatching(/refused: .*ECONNREFUSED/) });
    expect(await pingMailServer(settings(25, { email_host: '' }))).toEqual({
      success: false,
      message: 'E-mail is not configured: set the SMTP server (email_host) first.',
    });
  });
});
