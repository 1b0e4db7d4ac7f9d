/**
 * The system CVE allowlist (Harbor's SystemCVEAllowlist): CVE ids the vulnerability gate ignores
 * in every project that reuses the system allowlist. Saved on its own, apart from the settings.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../../components/ui/button';
import { FormError, TextAreaField } from '../../../components/ui/field';
import { Panel } from '../../../components/ui/panel';
import { api, toApiError } from '../../../lib/api-client';
import type { Project } from '../../../lib/api-types';

type Allowlist = Project['cve_allowlist'];

const allowlistKey = ['system-cve-allowlist'] as const;
const idsOf = (text: string) => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

export function SystemAllowlistForm() {
  const client = useQueryClient();
  const saved = useQuery({ queryKey: allowlistKey, queryFn: async () => (await api.get<Allowlist>('/system/CVEAllowlist')).data });
  const [text, setText] = useState('');
  const savedText = (saved.data?.items ?? []).map((item) => item.cve_id).join('\n');
  useEffect(() => setText(savedText), [savedText]);
  const save = useMutation({
    mutationFn: (ids: string[]) => api.put('/system/CVEAllowlist', { items: ids.map((cve_id) => ({ cve_id })), expires_at: saved.data?.expires_at ?? null }),
    onSuccess: () => client.invalidateQueries({ queryKey: allowlistKey }),
  });
  const unchanged = idsOf(text).join() === idsOf(savedText).join();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate(idsOf(text), { onSuccess: () => toast.success('System CVE allowlist saved.') });
  };
  return (
    <form onSubmit={submit} aria-label="System CVE allowlist" className="mt-4 flex max-w-3xl flex-col gap-4">
      <Panel title="System CVE allowlist">
        <TextAreaField
          label="CVE ids"
          hint="Ignored by the vulnerability gate in projects that use the system allowlist; one a line, such as CVE-2021-44228."
          rows={3}
          spellCheck={false}
          disabled={saved.isPending}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Panel>
      <div className="flex items-center gap-2">
        <Button variant="primary" type="submit" busy={save.isPending} disabled={unchanged}>
          Save allowlist
        </Button>
        <Button onClick={() => setText(savedText)} disabled={unchanged}>
          Discard allowlist changes
        </Button>
      </div>
      <FormError message={save.error ? toApiError(save.error).message : saved.error ? toApiError(saved.error).message : undefined} />
    </form>
  );
}
