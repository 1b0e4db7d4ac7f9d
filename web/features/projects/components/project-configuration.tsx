/**
 * A project's Configuration tab (Harbor's project policy page): public or private, cosign and
 * notation content trust (enforced on pulls), and the vulnerability settings (scan on push, the
 * severity that refuses pulls, the CVE allowlist) the project's scanner acts on. Those who may not change
 * the project see the settings read-only.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../../components/ui/button';
import { FormError, TextAreaField, controlClass } from '../../../components/ui/field';
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

const SWITCHES = ['public', 'enable_content_trust_cosign', 'enable_content_trust', 'prevent_vul', 'auto_scan', 'auto_sbom_generation', 'reuse_sys_cve_allowlist'] as const;
type Switch = (typeof SWITCHES)[number];
const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
type Severity = (typeof SEVERITIES)[number];

interface Settings {
  switches: Record<Switch, boolean>;
  severity: Severity;
  /** The project's CVE allowlist, one id a line. */
  allowlist: string;
}

const settingsOf = (project: Project): Settings => ({
  switches: Object.fromEntries(SWITCHES.map((key) => [key, project.metadata[key] === 'true'])) as Record<Switch, boolean>,
  severity: (SEVERITIES as readonly string[]).includes(project.metadata.severity ?? '') ? (project.metadata.severity as Severity) : 'low',
  allowlist: project.cve_allowlist.items.map((item) => item.cve_id).join('\n'),
});

/** The ids typed, one a line (commas and spaces also separate them), each once. */
const cveIdsOf = (text: string) => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

const same = (a: Settings, b: Settings) =>
  a.severity === b.severity && cveIdsOf(a.allowlist).join() === cveIdsOf(b.allowlist).join() && SWITCHES.every((key) => a.switches[key] === b.switches[key]);

function SwitchRow({ label, hint, checked, disabled, onChange }: { label: string; hint: string; checked: boolean; disabled: boolean; onChange: (on: boolean) => void }) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input type="checkbox" className="mt-1" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span>
        {label}
        <span className="block text-muted">{hint}</span>
      </span>
    </label>
  );
}

export default function ProjectConfiguration({ project }: { project: Project }) {
  const saved = settingsOf(project);
  const [settings, setSettings] = useState(saved);
  const update = useUpdateProject(project);
  const editable = project.togglable;
  const unchanged = same(settings, saved);
  const flip = (key: Switch) => (on: boolean) => setSettings((s) => ({ ...s, switches: { ...s.switches, [key]: on } }));
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    const text = (on: boolean) => (on ? 'true' : 'false');
    const { switches } = settings;
    update.mutate(
      {
        metadata: {
          public: text(switches.public),
          enable_content_trust_cosign: text(switches.enable_content_trust_cosign),
          enable_content_trust: text(switches.enable_content_trust),
          prevent_vul: text(switches.prevent_vul),
          severity: settings.severity,
          auto_scan: text(switches.auto_scan),
          auto_sbom_generation: text(switches.auto_sbom_generation),
          reuse_sys_cve_allowlist: text(switches.reuse_sys_cve_allowlist),
        },
        // The expiry stays as it is; only the ids are edited here.
        cve_allowlist: { project_id: project.project_id, items: cveIdsOf(settings.allowlist).map((cve_id) => ({ cve_id })), expires_at: project.cve_allowlist.expires_at },
      },
      {
        onSuccess: () => {
          const onlyPublic = same({ ...settings, switches: { ...settings.switches, public: saved.switches.public } }, saved);
          toast.success(onlyPublic ? `Project ${project.name} is now ${switches.public ? 'public' : 'private'}.` : `The configuration of ${project.name} is saved.`);
        },
      },
    );
  };
  const row = (key: Switch, label: string, hint: string) => (
    <SwitchRow label={label} hint={hint} checked={settings.switches[key]} disabled={!editable} onChange={flip(key)} />
  );
  return (
    <form onSubmit={save} aria-label="Project configuration" className="flex max-w-3xl flex-col gap-4">
      <Panel title="Project registry">
        {row('public', 'Public', "Anyone, even without signing in, can pull its images. Pushing and managing it still takes a member's role.")}
      </Panel>
      <Panel title="Deployment security">
        <div className="flex flex-col gap-3">
          {row('enable_content_trust_cosign', 'Cosign', 'Only artifacts signed with cosign can be pulled; pulling an unsigned one is refused.')}
          {row('enable_content_trust', 'Notation', 'Only artifacts signed with notation can be pulled.')}
          {row('prevent_vul', 'Prevent vulnerable images from running', 'Refuse pulls of images with vulnerabilities at or above the severity below, once a scanner reports them.')}
          <label className="ml-6 flex flex-wrap items-center gap-2 text-sm">
            Severity
            <select
              className={controlClass}
              value={settings.severity}
              disabled={!editable || !settings.switches.prevent_vul}
              onChange={(e) => setSettings((s) => ({ ...s, severity: e.target.value as Severity }))}
            >
              {SEVERITIES.map((severity) => (
                <option key={severity} value={severity}>
                  {severity.charAt(0).toUpperCase() + severity.slice(1)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </Panel>
      <Panel title="Vulnerability scanning">
        <div className="flex flex-col gap-3">
          {row('auto_scan', 'Automatically scan images on push', "Each pushed image is scanned with the project's scanner (its Scanner tab).")}
          {row('reuse_sys_cve_allowlist', 'Use the system CVE allowlist', "The system's allowlist applies instead of the project's own.")}
          {!settings.switches.reuse_sys_cve_allowlist && (
            <TextAreaField
              label="Project CVE allowlist"
              hint="CVE ids the vulnerability gate ignores, one a line, such as CVE-2021-44228."
              rows={3}
              spellCheck={false}
              readOnly={!editable}
              value={settings.allowlist}
              onChange={(e) => {
                const allowlist = e.target.value;
                setSettings((s) => ({ ...s, allowlist }));
              }}
            />
          )}
        </div>
      </Panel>
      <Panel title="Software bill of materials">
        {row(
          'auto_sbom_generation',
          'Automatically generate an SBOM on push',
          "Each image pushed gets an SBOM listing its packages, read from its layers in the background; the artifact's SBOM tab shows it.",
        )}
      </Panel>
      {!editable && <p className="text-sm text-muted">Only the project&apos;s admins and system admins change these settings.</p>}
      {editable && (
        <div className="flex items-center gap-2">
          <Button variant="primary" type="submit" busy={update.isPending} disabled={unchanged}>
            Save
          </Button>
          <Button onClick={() => setSettings(saved)} disabled={unchanged}>
            Discard changes
          </Button>
        </div>
      )}
      <FormError message={update.error ? toApiError(update.error).message : undefined} />
    </form>
  );
}
