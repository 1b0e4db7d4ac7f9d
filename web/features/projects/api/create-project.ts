/** Creating a project: the mutation (the form's rules are in project-name.ts). Loaded with the dialog. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { ProjectCreateRequest } from '../../../lib/api-types';
import { auditKeys, invalidate, projectKeys, searchKeys, statisticsKeys } from '../../../lib/query-keys';
import type { CreateProjectInput } from './project-name';

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
