/**
 * Runtime settings, the e-mail test, password reset by e-mail and self-registration, through a
 * real server and a real SMTP server speaking STARTTLS with authentication.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ApiClient, auditRowsSince, createUser, errorOf, fieldAndMessage, lastAuditId, openServerDatabase } from '../testing/api-client.js';
import { startServer, type ServerProcess } from '../testing/server-process.js';
import { startSmtp, type TestSmtp } from '../testing/smtp.js';

const EXTERNAL = 'https://registry.example.test';
let server: ServerProcess;
let smtp: TestSmtp;
let admin: ApiClient;

const mailSettings = () => ({
  email_host: '127.0.0.1',
  email_port: smtp.port,
  email_username: 'mailer',
  email_password: 'mail-secret-pw',
  email_from: 'Berth <berth@example.test>',
  email_ssl: false,
  email_starttls: true,
  email_insecure: true,
});

/** The token in the link of the next mail, and the link itself. */
async function nextResetLink(): Promise<{ link: string; token: string; to: string }> {
  const mail = await smtp.nextMail();
  const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(mail.text ?? '')![0];
  return { link, token: decodeURIComponent(new URL(link).searchParams.get('token')!), to: mail.to ? JSON.stringify(mail.to) : '' };
}

beforeAll(async () => {
  smtp = await startSmtp({ credentials: { username: 'mailer', password: 'mail-secret-pw' } });
  server = await startServer({ preparedDataVolume: inject('preparedDataVolume'), config: { external_url: EXTERNAL } });
  admin = await ApiClient.session(server, 'admin', 'Harbor12345');
});

afterAll(async () => {
  await server.stop();
  await server.cleanup();
  await smtp.stop();
});

describe('runtime settings', () => {
  test('with no mail server, systeminfo says no reset link can be mailed and asking for one says whom to ask', async () => {
    const anonymous = ApiClient.anonymous(server);
    expect((await anonymous.get<{ password_reset_by_email: boolean }>('/systeminfo')).body.password_reset_by_email).toBe(false);
    const asked = await anonymous.post('/c/send_reset_email', { email: 'someone@example.com' });
    expect(asked.status).toBe(412);
    expect(errorOf(asked)?.message).toBe(
      'Reset by e-mail is not available: no mail server is set up. Ask your Berth administrator to set a new password for you.',
    );
  });

  test('GET /configurations gives {value, editable} for each setting and never a secret; only admins may', async () => {
    const res = await admin.get<Record<string, { value: unknown; editable: boolean }>>('/configurations');
    expect(res.status).toBe(200);
    expect(res.body.auth_mode).toEqual({ value: 'db_auth', editable: true });
    expect(res.body.self_registration).toEqual({ value: false, editable: true });
    expect(res.body.token_expiration).toEqual({ value: 30, editable: true });
    expect(res.body).not.toHaveProperty('email_password');
    expect(res.body).not.toHaveProperty('ldap_search_password');
    expect((await ApiClient.anonymous(server).get('/configurations')).status).toBe(401);
  });

  test('PUT validates each key and names the one at fault; a change is audited by name, secrets stay sealed', async () => {
    const bad = await admin.put('/configurations', { token_expiration: 0 });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)?.field).toBe('token_expiration');
    expect(errorOf(await admin.put('/configurations', { colour: 'blue' }))?.message).toBe('colour is not a configuration item.');
    const proto = await admin.put('/configurations', JSON.parse('{"__proto__":{"self_registration":true}}'));
    expect([proto.status, errorOf(proto)?.message]).toEqual([400, '__proto__ is not a field Berth accepts.']);
    // LDAP values that would break every directory sign-in are refused up front, naming the key.
    const ldapCases: [Record<string, unknown>, string][] = [
      [{ ldap_uid: '' }, 'ldap_uid: must be an attribute name such as uid or sAMAccountName'],
      [{ ldap_uid: 'uid)(x' }, 'ldap_uid: must be an attribute name'],
      [{ ldap_filter: '(objectClass=person' }, 'ldap_filter: must be an LDAP filter whose parentheses balance'],
      [{ ldap_url: 'foo' }, 'ldap_url: must be an address such as ldap://'],
    ];
    for (const [body, message] of ldapCases) expect(errorOf(await admin.put('/configurations', body))?.message, JSON.stringify(body)).toContain(message);
    expect((await admin.put('/configurations', { ldap_uid: 'sAMAccountName', ldap_filter: '(&(objectClass=person)(!(disabled=TRUE)))' })).status).toBe(200);
    expect((await admin.put('/configurations', { ldap_uid: 'uid', ldap_filter: '' })).status).toBe(200);

    const before = lastAuditId(server);
    expect((await admin.put('/configurations', mailSettings())).status).toBe(200);
    const row = auditRowsSince(server, before).find((r) => r.resource_type === 'configuration');
    expect(row).toMatchObject({ operation: 'update', username: 'admin' });
    expect(row!.operation_description).toContain('email_password');
    expect(row!.operation_description).not.toContain('mail-secret-pw');
    const db = openServerDatabase(server);
    try {
      const stored = db.prepare("select v from system_config where k = 'email_password'").get() as { v: string };
      expect(stored.v).not.toContain('mail-secret-pw');
    } finally {
      db.close();
    }
    const res = await admin.get<Record<string, { value: unknown }>>('/configurations');
    expect(res.body.email_host!.value).toBe('127.0.0.1');
    expect(JSON.stringify(res.body)).not.toContain('mail-secret-pw');
  });

  test("POST /email/ping connects with the stored settings, or reports the SMTP server's own answer", async () => {
    expect((await admin.post('/email/ping')).status).toBe(200);
    const wrong = await admin.post('/email/ping', { email_password: 'not-it' });
    expect(wrong.status).toBe(400);
    expect(errorOf(wrong)?.message).toMatch(/refused: 535 /);
    expect(smtp.inbox).toHaveLength(0);
    // The stored password goes only to the saved server and account, never to one named here.
    const elsewhere = await admin.post('/email/ping', { email_host: 'localhost', email_port: 2525 });
    expect(elsewhere.status).toBe(400);
    expect(errorOf(elsewhere)?.message).toBe(
      'Type the password to test another server or account: the saved one is only sent to the saved server and account.',
    );
  });

  test('POST /email/ping tests typed values that need no sign-in without saving them, and without the saved password', async () => {
    const open = await startSmtp();
    try {
      const typed = await admin.post('/email/ping', { email_host: '127.0.0.1', email_port: open.port, email_username: '' });
      expect(typed.status).toBe(200);
      const res = await admin.get<Record<string, { value: unknown }>>('/configurations');
      expect(res.body.email_port!.value).toBe(smtp.port);
    } finally {
      await open.stop();
    }
  });
});

describe('password reset by e-mail', () => {
  let aliceSession: ApiClient;

  beforeAll(async () => {
    await createUser(admin, 'alice', 'Passw0rdA');
    await createUser(admin, 'carl', 'Passw0rdC');
    aliceSession = await ApiClient.session(server, 'alice', 'Passw0rdA');
  });

  test('every address gets the same answer; only a database user gets a link, on the configured external URL', async () => {
    const anonymous = ApiClient.anonymous(server);
    const unknown = await anonymous.post('/c/send_reset_email', { email: 'nobody@example.com' });
    const known = await anonymous.post('/c/send_reset_email', { email: 'Alice@Example.com' }, { headers: { host: 'evil.example' } });
    expect(unknown.status).toBe(200);
    expect(known.body).toEqual(unknown.body);
    const { link, to } = await nextResetLink();
    expect(link.startsWith(`${EXTERNAL}/reset-password?token=`)).toBe(true);
    expect(to).toContain('alice@example.com');
    expect(smtp.inbox).toHaveLength(1);
  });

  test('the link sets a password that follows the rule, works once, and ends every session of the user', async () => {
    await ApiClient.anonymous(server).post('/c/send_reset_email', { email: 'alice@example.com' });
    const { token } = await nextResetLink();
    const anonymous = ApiClient.anonymous(server);
    // Opening the link asks whether it still works, before a password is typed.
    expect((await anonymous.post('/c/reset/check', { token })).status).toBe(200);
    const weak = await anonymous.post('/c/reset', { token, password: 'weakweak' });
    expect(weak.status).toBe(400);
    expect(errorOf(weak)?.message).toMatch(/^The password must contain at least one upper case letter/);
    expect((await aliceSession.get('/users/current')).status).toBe(200);
    expect((await anonymous.post('/c/reset', { token, password: 'N3wPassword' })).status).toBe(200);
    expect((await aliceSession.get('/users/current')).status).toBe(401);
    expect((await anonymous.login('alice', 'N3wPassword')).status).toBe(200);
    expect((await ApiClient.anonymous(server).login('alice', 'Passw0rdA')).status).toBe(401);
    const again = await anonymous.post('/c/reset', { token, password: 'Another1Pass' });
    expect(again.status).toBe(400);
    expect(fieldAndMessage(again)).toMatch(/^token: This password reset link is not valid/);
    const used = await anonymous.post('/c/reset/check', { token });
    expect(used.status).toBe(400);
    expect(fieldAndMessage(used)).toMatch(/^token: This password reset link is not valid: it was used/);
  });

  test("a newer request voids the older link, and so does a password change; Harbor's reset_uuid name works", async () => {
    const anonymous = ApiClient.anonymous(server);
    await anonymous.post('/c/send_reset_email', { email: 'carl@example.com' });
    const first = await nextResetLink();
    await anonymous.post('/c/send_reset_email', { email: 'carl@example.com' });
    const second = await nextResetLink();
    expect((await anonymous.post('/c/reset', { token: first.token, password: 'Fresh1Password' })).status).toBe(400);
    const carl = await ApiClient.session(server, 'carl', 'Passw0rdC');
    const me = (await carl.get<{ user_id: number }>('/users/current')).body.user_id;
    expect((await carl.put(`/users/${me}/password`, { old_password: 'Passw0rdC', new_password: 'Changed1Pass' })).status).toBe(200);
    expect((await anonymous.post('/c/reset', { reset_uuid: second.token, password: 'Fresh1Password' })).status).toBe(400);

    // A link mailed to an address the account no longer has is void.
    await anonymous.post('/c/send_reset_email', { email: 'carl@example.com' });
    const third = await nextResetLink();
    expect((await carl.put(`/users/${me}`, { email: 'carl@new.example.com' })).status).toBe(200);
    expect((await anonymous.post('/c/reset', { token: third.token, password: 'Fresh1Password' })).status).toBe(400);
  });

  test('requests are limited per address (429 with Retry-After); each step is in the audit log', async () => {
    const before = lastAuditId(server);
    const anonymous = ApiClient.anonymous(server);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await anonymous.post('/c/send_reset_email', { email: 'bob@example.com' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await anonymous.post('/c/send_reset_email', { email: 'bob@example.com' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const rows = auditRowsSince(server, before);
    expect(rows.filter((r) => r.operation === 'reset_password_request')).toHaveLength(3);
    expect(rows[0]).toMatchObject({ resource: 'bob@example.com', operation_result: 0, username: 'anonymous' });
    const earlier = auditRowsSince(server, 0).map((r) => r.operation);
    expect(earlier).toContain('reset_password_mail');
    expect(auditRowsSince(server, 0).some((r) => /reset password of user alice/.test(r.operation_description))).toBe(true);
    // The audit log's filter finds them by their operation.
    const filtered = await admin.get<{ operation: string; resource: string }[]>('/auditlog-exts?q=operation=reset_password_request&page_size=50');
    expect(filtered.body.length).toBeGreaterThanOrEqual(3);
    expect(new Set(filtered.body.map((r) => r.operation))).toEqual(new Set(['reset_password_request']));
  });

  test('a post from another site is refused', async () => {
    const res = await ApiClient.anonymous(server).post('/c/send_reset_email', { email: 'alice@example.com' }, { headers: { origin: 'https://attacker.example' } });
    expect(res.status).toBe(403);
  });
});

describe('self-registration', () => {
  const form = { username: 'dora', email: 'dora@example.com', realname: 'Dora', password: 'Passw0rdD' };

  test('closed by default: the endpoint answers 403, systeminfo says so, userExists is 412', async () => {
    const anonymous = ApiClient.anonymous(server);
    expect((await anonymous.post('/c/sign_up', form)).status).toBe(403);
    expect((await anonymous.get<{ self_registration: boolean }>('/systeminfo')).body.self_registration).toBe(false);
    expect((await anonymous.post('/c/userExists', { target: 'username', value: 'alice' })).status).toBe(412);
  });

  test('open: creates an ordinary user who can sign in; duplicates and weak passwords are refused by field', async () => {
    expect((await admin.put('/configurations', { self_registration: true })).status).toBe(200);
    const anonymous = ApiClient.anonymous(server);
    expect((await anonymous.get<{ self_registration: boolean }>('/systeminfo')).body.self_registration).toBe(true);
    expect((await anonymous.post('/c/userExists', { target: 'username', value: 'alice' })).body).toBe(true);
    expect((await anonymous.post('/c/userExists', { target: 'email', value: 'dora@example.com' })).body).toBe(false);
    const weak = await anonymous.post('/c/sign_up', { ...form, password: 'short' });
    expect(weak.status).toBe(400);
    expect(errorOf(weak)?.message).toMatch(/^The password must be 8 to 128 characters long/);
    const created = await anonymous.post('/c/sign_up', form);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(/^\/api\/v2\.0\/users\/\d+$/);
    expect((await anonymous.post('/c/sign_up', { ...form, username: 'dora2' })).status).toBe(409);
    const dora = await ApiClient.session(server, 'dora@example.com', 'Passw0rdD');
    expect((await dora.get('/users/current')).body).toMatchObject({ username: 'dora', sysadmin_flag: false });
  });

  test('the authentication mode cannot change once users other than admin exist', async () => {
    const res = await admin.put('/configurations', { auth_mode: 'ldap_auth' });
    expect(res.status).toBe(400);
    expect(fieldAndMessage(res)).toMatch(/^auth_mode: The authentication mode cannot change once users other than admin exist/);
    expect((await admin.get<Record<string, { editable: boolean }>>('/configurations')).body.auth_mode!.editable).toBe(false);
  });
});
