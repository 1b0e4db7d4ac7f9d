/**
 * A project's Configuration tab (Harbor's project policy page): public or private for now; the
 * settings other features add (content trust, vulnerability gate, auto-scan, CVE allowlist) join
 * this form as they arrive. Those who may not change the project see the settings read-only.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../../components/ui/button';
import { FormError } from '../../../components/ui/field';
import { Panel } from '../../../components/ui/panel';
import { api, toApiError } from '../../../lib/api-client';
import type { Project, ProjectUpdateReq } from '../../../lib/api-types';
import { auditKeys, invalidate, projectKeys, searchKeys } from '../../../lib/query-keys';

function useUpdateProject(project: Project) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProjectUpdateReq) => api.put(`/projects/${project.project_id}`, body),
    onSuccess: () => invalidate(client, projectKeys.all, searchKeys.all, auditKeys.all),
  });
}

export default function ProjectConfiguration({ project }: { project: Project }) {
  const saved = project.metadata.public === 'true';
  const [isPublic, setPublic] = useState(saved);
  const update = useUpdateProject(project);
  const editable = project.togglable;
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    update.mutate(
      { metadata: { public: isPublic ? 'true' : 'false' } },
      { onSuccess: () => toast.success(`Project ${project.name} is now ${isPublic ? 'public' : 'private'}.`) },
    );
  };
  return (
    <form onSubmit={save} aria-label="Project configuration" className="flex max-w-3xl flex-col gap-4">
      <Panel title="Project registry">
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" checked={isPublic} disabled={!editable} onChange={(e) => setPublic(e.target.checked)} />
          <span>
            Public
            <span className="block text-muted">
              Anyone, even without signing in, can pull its images. Pushing and managing it still takes a member&apos;s role.
            </span>
          </span>
        </label>
        {!editable && <p className="mt-3 text-sm text-muted">Only the project&apos;s admins and system admins change these settings.</p>}
      </Panel>
      {editable && (
        <div className="flex items-center gap-2">
          <Button variant="primary" type="submit" busy={update.isPending} disabled={isPublic === saved}>
            Save
          </Button>
          <Button onClick={() => setPublic(saved)} disabled={isPublic === saved}>
            Discard changes
          </Button>
        </div>
      )}
      <FormError message={update.error ? toApiError(update.error).message : undefined} />
    </form>
  );
}
