/** Creating a project: Harbor's name rules, the form's schema, the mutation. Loaded with the dialog. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from '../../../lib/zod';
import { api } from '../../../lib/api-client';
import type { ProjectCreateRequest } from '../../../lib/api-types';
import { auditKeys, invalidate, projectKeys, searchKeys, statisticsKeys } from '../../../lib/query-keys';
import { followsRules, type Rule } from '../../../lib/rules';

/** Harbor's project name rule, shown while typing. */
export const projectNameRules: Rule[] = [
  { test: (v) => v.length >= 1 && v.length <= 255, text: '1 to 255 characters' },
  { test: (v) => /^[a-z0-9._-]*$/.test(v), text: 'only lower case letters, digits, and . _ -' },
  { test: (v) => /^[a-z0-9]/.test(v) && /[a-z0-9]$/.test(v), text: 'starts and ends with a letter or digit' },
  { test: (v) => !/[._-]{2}/.test(v), text: 'no two separators in a row' },
];

export const createProjectSchema = z.object({
  project_name: z.string().refine(followsRules(projectNameRules), 'The name does not follow the rules below.'),
  public: z.boolean(),
});
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateProjectInput) => {
      const body: ProjectCreateRequest = { project_name: input.project_name, metadata: { public: input.public ? 'true' : 'false' } };
      return api.post('/projects', body);
    },
    onSuccess: () => invalidate(client, projectKeys.all, auditKeys.all, searchKeys.all, statisticsKeys.all),
  });
}
