import { expect, test } from 'vitest';
import { titleFor } from './page-title';

test('each page has its own title, the most specific address first', () => {
  expect(titleFor('/projects')).toBe('Projects - Berth');
  expect(titleFor('/projects/3/members')).toBe('Project members - Berth');
  expect(titleFor('/projects/3/repositories')).toBe('Project repositories - Berth');
  expect(titleFor('/projects/3/repositories/team/app')).toBe('Repository - Berth');
  expect(titleFor('/projects/3/repositories/team/app/-/artifacts/sha256%3Aab')).toBe('Artifact - Berth');
  expect(titleFor('/admin/configuration/email')).toBe('Email settings - Berth');
  expect(titleFor('/admin/labels')).toBe('Labels - Berth');
  expect(titleFor('/projects/3/labels')).toBe('Project labels - Berth');
  expect(titleFor('/sign-in')).toBe('Sign in - Berth');
  expect(titleFor('/no/such/page')).toBe('Berth');
});
