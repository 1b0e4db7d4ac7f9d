/** The repository and tag selectors both kinds of rule share: matching or excluding a doublestar pattern. */
import { Field, SelectField } from '../../../components/ui/field';

export interface SelectorValues {
  repoDecoration: string;
  repoPattern: string;
  tagDecoration: string;
  tagPattern: string;
}

type Errors = Partial<Record<'repoPattern' | 'tagPattern', string | undefined>>;

function Selector({ label, decoration, pattern, hint, error, options, onDecoration, onPattern }: {
  label: 'Repositories' | 'Tags';
  decoration: string;
  pattern: string;
  hint: string;
  error: string | undefined;
  options: [matches: string, excludes: string];
  onDecoration: (value: string) => void;
  onPattern: (value: string) => void;
}) {
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-[10rem_1fr]">
      <SelectField label={label} value={decoration} onChange={(e) => onDecoration(e.target.value)}>
        <option value={options[0]}>matching</option>
        <option value={options[1]}>excluding</option>
      </SelectField>
      <Field label={label === 'Tags' ? 'Tag pattern' : 'Repository pattern'} hint={hint} value={pattern} error={error} onChange={(e) => onPattern(e.target.value)} />
    </div>
  );
}

export function RepositorySelector({ values, errors, onChange }: { values: SelectorValues; errors: Errors; onChange: (patch: Partial<SelectorValues>) => void }) {
  return (
    <Selector
      label="Repositories"
      decoration={values.repoDecoration}
      pattern={values.repoPattern}
      hint="Without the project: app, team/**, {web,api}."
      error={errors.repoPattern}
      options={['repoMatches', 'repoExcludes']}
      onDecoration={(repoDecoration) => onChange({ repoDecoration })}
      onPattern={(repoPattern) => onChange({ repoPattern })}
    />
  );
}

export function TagSelector({ values, errors, onChange }: { values: SelectorValues; errors: Errors; onChange: (patch: Partial<SelectorValues>) => void }) {
  return (
    <Selector
      label="Tags"
      decoration={values.tagDecoration}
      pattern={values.tagPattern}
      hint="** for every tag; v*, release-{a,b}."
      error={errors.tagPattern}
      options={['matches', 'excludes']}
      onDecoration={(tagDecoration) => onChange({ tagDecoration })}
      onPattern={(tagPattern) => onChange({ tagPattern })}
    />
  );
}
