/**
 * The rules the server refuses with and the ones the console checks as people type are one
 * declaration: for a table of inputs, the server's validators and the console's forms say yes
 * and no to exactly the same values.
 */
import { describe, expect, test } from 'vitest';
import { strongestRole } from '../../server/core/members/roles';
import { isRepositoryName, isTag } from '../../server/lib/reference';
import { projectNameProblem, REPOSITORY_PATH, TAG } from '../../server/api/contracts/rules/names';
import { EMAIL_PATTERN, passwordProblem, usernameProblem } from '../../server/api/contracts/rules/users';
import { createProjectSchema } from '../features/projects/api/project-name';
import { ROLES } from './roles';
import { followsRules } from './rules';
import { emailSchema, newPasswordSchema, passwordRules, usernameSchema } from './user-rules';

const long = (n: number, ch = 'a') => ch.repeat(n);

describe('server and console refuse the same values', () => {
  test('passwords', () => {
    const table = ['', 'Passw0r', 'Passw0rd', 'passw0rd', 'PASSW0RD', 'Password', `Aa1${long(125)}`, `Aa1${long(126)}`, 'Ünïcödé1a', 'A1b c d e', '12345678aB'];
    for (const value of table) {
      const server = passwordProblem(value) === null;
      expect([value, newPasswordSchema.safeParse(value).success], 'zod schema').toEqual([value, server]);
      expect([value, followsRules(passwordRules)(value)], 'ticked rules').toEqual([value, server]);
    }
  });

  test('usernames', () => {
    const table = ['', 'a', 'alice', long(255), long(256), 'a,b', 'a"b', 'a~b', 'a#b', 'a%b', 'a$b', ' alice', 'alice ', 'al ice', 'Ål-ice_.1'];
    for (const value of table) {
      expect([value, usernameSchema.safeParse(value).success]).toEqual([value, usernameProblem(value) === null]);
    }
  });

  test('e-mail addresses', () => {
    for (const value of ['a@b.c', 'a@b', 'a b@c.d', '@b.c', 'a@b.c d', 'first.last@example.co.uk']) {
      expect([value, emailSchema.safeParse(value).success]).toEqual([value, EMAIL_PATTERN.test(value)]);
    }
  });

  test('project names', () => {
    const table = ['', 'a', 'library', 'my-project', 'my_project', 'my.project', 'a--b', 'a._b', '-a', 'a-', '.a', 'A', 'a/b', 'a b', long(255), long(256), 'ü', '0'];
    for (const value of table) {
      const console = createProjectSchema.safeParse({ project_name: value, public: false }).success;
      expect([value, console]).toEqual([value, projectNameProblem(value) === null]);
    }
  });

  test('repository names inside a project, and tags', () => {
    const paths = ['a', 'nginx', 'team/app', 'a__b', 'a___b', 'a--b', 'a.b', 'a..b', 'a/', '/a', 'a//b', 'A', 'a-', 'a_b/c-d/e.f'];
    for (const path of paths) expect([path, REPOSITORY_PATH.test(path)]).toEqual([path, isRepositoryName(`library/${path}`)]);
    for (const tag of ['latest', 'v1.0', '_x', '.x', '-x', long(128), long(129), 'a:b']) expect([tag, TAG.test(tag)]).toEqual([tag, isTag(tag)]);
  });

  test('roles: the console offers the server roles, strongest first', () => {
    const ids = ROLES.map((r) => r.id);
    expect(ids.map((id, i) => strongestRole(ids.slice(i)))).toEqual(ids);
    expect([...ids].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
