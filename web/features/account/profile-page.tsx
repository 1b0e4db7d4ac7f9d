/** User menu > Profile: the signed-in user's e-mail, real name and comment; an OIDC user's CLI secret. */
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { Button } from '../../components/ui/button';
import { Field, FormError } from '../../components/ui/field';
import { PageHeader, formatTime } from '../../components/ui/misc';
import { Panel } from '../../components/ui/panel';
import { toApiError } from '../../lib/api-client';
import type { User } from '../../lib/api-types';
import { useCurrentUser } from '../../lib/auth';
import { profileSchema, type ProfileInput } from '../../lib/user-rules';
import { useSaveProfile } from './api/account';
import { CliSecretPanel } from './cli-secret-panel';

function ProfileForm({ user }: { user: User }) {
  const save = useSaveProfile(user.user_id);
  const form = useForm<ProfileInput>({
    resolver: zodResolver(profileSchema),
    defaultValues: { email: user.email, realname: user.realname, comment: user.comment },
  });
  const errors = form.formState.errors;
  // mutateAsync, not mutate's callbacks: the saved user comes back with a new update_time, which
  // remounts this form (its key) before mutate's onSuccess would run, and that would be skipped.
  const submit = form.handleSubmit(async (profile) => {
    try {
      await save.mutateAsync(profile);
    } catch {
      return; // shown by FormError from save.error
    }
    toast.success('Profile saved.');
    form.reset(profile);
  });
  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-3" noValidate aria-label="Profile">
      <Field label="Username" value={user.username} readOnly disabled hint={`Member since ${formatTime(user.creation_time)}.`} />
      <Field label="E-mail" type="email" autoComplete="email" error={errors.email?.message} {...form.register('email')} />
      <Field label="Real name" autoComplete="name" error={errors.realname?.message} {...form.register('realname')} />
      <Field label="Comment" error={errors.comment?.message} hint="At most 30 characters." {...form.register('comment')} />
      <FormError message={save.error ? toApiError(save.error).message : undefined} />
      <div>
        <Button variant="primary" type="submit" busy={save.isPending} disabled={!form.formState.isDirty}>
          Save
        </Button>
      </div>
    </form>
  );
}

export default function ProfilePage() {
  const { data: user } = useCurrentUser();
  return (
    <>
      <PageHeader title="Profile" />
      <Panel title="Your details" className="max-w-lg">
        {user && <ProfileForm key={user.update_time} user={user} />}
      </Panel>
      <div className="mt-4">
        <CliSecretPanel />
      </div>
    </>
  );
}
