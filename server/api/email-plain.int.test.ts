/**
 * A Harbor configuration of e-mail against a plain SMTP server (no login, no STARTTLS), set
 * through PUT /configurations with Harbor's keys only, as Harbor's portal and tools send them:
 * the e-mail test succeeds and a password-reset mail arrives (Harbor upgrades to STARTTLS only
 * when the server offers it, and so does Berth unless told to insist).
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, createUser } from '../testing/api-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { startSmtp, type TestSmtp } from '../testing/smtp.js';

let server: ServerProcess;
let smtp: TestSmtp;
let admin: ApiClient;

beforeAll(async () => {
  smtp = await startSmtp({ noStartTls: true });
  server = await startServer({ preparedDataVolume: inject('preparedDataVolume') });
  admin = await ApiClient.session(server, 'admin', 'Harbor12345');
});

afterAll(async () => {
  await server.stop();
  await server.cleanup();
  await smtp.stop();
});

describe('e-mail with a plain SMTP server, configured as Harbor is', () => {
  test('ping succeeds, then a password-reset mail arrives in plain text', async () => {
    const harbor = {
      email_host: '127.0.0.1',
      email_port: smtp.port,
      email_from: 'Harbor <harbor@example.test>',
      email_identity: '',
      email_username: '',
      email_ssl: false,
      email_insecure: false,
    };
    expect((await admin.put('/configurations', harbor)).status).toBe(200);
    // Harbor's portal tests the form as shown, then the stored settings.
    const pings = [await admin.post('/email/ping', harbor), await admin.post('/email/ping')];
    expect(pings.map((p) => [p.status, p.body])).toEqual([
      [200, undefined],
      [200, undefined],
    ]);

    await createUser(admin, 'pat');
    const sent = await ApiClient.anonymous(server).post('/c/send_reset_email', { email: 'pat@example.com' });
    expect(sent.status).toBe(200);
    const mail = await smtp.nextMail();
    expect(mail.to && JSON.stringify(mail.to)).toContain('pat@example.com');
    expect(mail.text).toMatch(/\/reset-password\?token=\S+/);
    expect(smtp.overTls).toEqual([false]);
  });
});
