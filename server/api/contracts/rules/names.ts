/**
 * The rules for project, robot, repository and tag names, declared once: the server refuses with them
 * (core/projects, lib/reference.ts) and the console checks them as people type. Plain data and
 * pure functions, with no imports but a type: this module is bundled into the console.
 */
import type { Rule } from './users.js';

/** Harbor's project name rule (src/pkg/project/manager.go), with Docker's limit on a path component. */
export const PROJECT_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** PROJECT_NAME in the words the console ticks off while typing. */
export const PROJECT_NAME_RULES: readonly Rule[] = [
  { test: (v) => v.length >= 1 && v.length <= 255, text: '1 to 255 characters' },
  { test: (v) => /^[a-z0-9._-]*$/.test(v), text: 'only lower case letters, digits, and . _ -' },
  { test: (v) => /^[a-z0-9]/.test(v) && /[a-z0-9]$/.test(v), text: 'starts and ends with a letter or digit' },
  { test: (v) => !/[._-]{2}/.test(v), text: 'no two separators in a row' },
];

/** The server's sentence for a project name that breaks the rule, or null. */
export function projectNameProblem(name: string): string | null {
  if (!PROJECT_NAME_RULES[0]!.test(name)) return 'The project name must be 1 to 255 characters long.';
  if (!PROJECT_NAME.test(name)) {
    return 'The project name may contain only lower case letters, digits and . _ - between them, and must start and end with a letter or digit.';
  }
  return null;
}

/** A robot account's name, without the prefix: the project name's grammar (Harbor's validateName), up to 255 characters. */
export const ROBOT_NAME = PROJECT_NAME;

/** One path component of a repository name, in the OCI distribution-spec grammar ("Pulling manifests"). */
const COMPONENT = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';

/** A repository's name inside its project: one or more components separated by /. */
export const REPOSITORY_PATH = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);

/** A full repository name: `<project>/<repository...>`, so at least two components. */
export const REPOSITORY_NAME = new RegExp(`^${COMPONENT}(?:/${COMPONENT})+$`);

/** Spec: a name, slashes included, MUST be less than 256 characters. */
export const MAX_REPOSITORY_NAME_LENGTH = 255;

export const isRepositoryName = (name: string) => name.length <= MAX_REPOSITORY_NAME_LENGTH && REPOSITORY_NAME.test(name);

/** The spec's tag: up to 128 letters, digits and . _ -, not starting with . or -. */
export const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
