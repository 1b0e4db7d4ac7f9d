/**
 * Import directory users (with the saved LDAP settings): search by uid (* for any part), tick
 * the users, import. Those that could not be imported are listed with the server's reason.
 */
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { Field } from '../../../components/ui/field';
import { toApiError } from '../../../lib/api-client';
import type { LdapFailedImportUser, LdapUser } from '../../../lib/api-types';
import { useImportLdapUsers, useLdapSearch } from '../api/configurations';

function Results({ users, picked, onPick }: { users: LdapUser[]; picked: Set<string>; onPick: (uid: string, on: boolean) => void }) {
  return (
    <table className="w-full text-sm" aria-label="Directory users">
      <thead className="bg-surface-2 text-left text-xs text-muted">
        <tr>
          <th scope="col" className="w-8 px-2 py-1.5">
            <span className="sr-only">Selected</span>
          </th>
          <th scope="col" className="px-2 py-1.5 font-medium">Username</th>
          <th scope="col" className="px-2 py-1.5 font-medium">Name</th>
          <th scope="col" className="px-2 py-1.5 font-medium">E-mail</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.username} className="border-t border-border">
            <td className="px-2 py-1.5">
              <input
                type="checkbox"
                aria-label={`Select ${user.username}`}
                className="h-4 w-4 accent-primary"
                checked={picked.has(user.username)}
                onChange={(e) => onPick(user.username, e.target.checked)}
              />
            </td>
            <td className="px-2 py-1.5 font-medium">{user.username}</td>
            <td className="px-2 py-1.5">{user.realname || <span className="text-muted">—</span>}</td>
            <td className="px-2 py-1.5">{user.email || <span className="text-muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Failures({ failed }: { failed: LdapFailedImportUser[] }) {
  return (
    <div role="alert" className="mt-3 rounded border border-danger/30 bg-danger/10 p-3 text-sm">
      <p className="font-medium text-danger">
        {failed.length === 1 ? 'One user was not imported:' : `${failed.length} users were not imported:`}
      </p>
      <ul className="mt-1 list-disc pl-5" aria-label="Users not imported">
        {failed.map((f) => (
          <li key={f.uid}>
            <strong>{f.uid}</strong>: {f.error}
          </li>
        ))}
      </ul>
      <p className="mt-1 text-xs text-muted">Any other selected user was imported.</p>
    </div>
  );
}

export function ImportUsersDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState<string | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const search = useLdapSearch(query);
  const importUsers = useImportLdapUsers();

  const close = () => {
    setText('');
    setQuery(null);
    setPicked(new Set());
    importUsers.reset();
    onOpenChange(false);
  };
  const onPick = (uid: string, on: boolean) =>
    setPicked((current) => {
      const next = new Set(current);
      if (on) next.add(uid);
      else next.delete(uid);
      return next;
    });
  const runImport = () =>
    importUsers.mutate([...picked], {
      onSuccess: (failed) => {
        const done = picked.size - failed.length;
        if (done > 0) toast.success(done === 1 ? 'Imported 1 user.' : `Imported ${done} users.`);
        if (failed.length === 0) close();
        else setPicked(new Set(failed.map((f) => f.uid)));
      },
    });

  const users = search.data ?? [];
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => !next && close()}
      title="Import users from LDAP"
      description="Make local accounts for directory users, so they can join projects before their first sign-in."
      width="lg"
      footer={
        <>
          <Button onClick={close}>Close</Button>
          <Button variant="primary" disabled={picked.size === 0} busy={importUsers.isPending} onClick={runImport}>
            {picked.size > 0 ? `Import ${picked.size} selected` : 'Import selected'}
          </Button>
        </>
      }
    >
      <form
        className="flex items-end gap-2"
        aria-label="Search the directory"
        onSubmit={(e) => {
          e.preventDefault();
          const next = text.trim() || '*';
          if (next === query) void search.refetch();
          else setQuery(next);
        }}
      >
        <Field label="Directory username" className="flex-1" placeholder="al* or a full uid; empty lists everyone" value={text} onChange={(e) => setText(e.target.value)} autoFocus />
        <Button type="submit" busy={search.isFetching}>
          Search
        </Button>
      </form>
      <div className="mt-3 max-h-72 min-h-24 overflow-y-auto rounded border border-border">
        {query === null && <p className="p-4 text-sm text-muted">Search the directory to list the users the base DN and filter allow.</p>}
        {search.error && (
          <p role="alert" className="p-4 text-sm text-danger">
            {toApiError(search.error).message}
          </p>
        )}
        {query !== null && search.isSuccess && users.length === 0 && (
          <p className="p-4 text-sm text-muted">No directory user matches &quot;{query}&quot;. Try a pattern such as a* or an empty search.</p>
        )}
        {users.length > 0 && <Results users={users} picked={picked} onPick={onPick} />}
      </div>
      {importUsers.error && (
        <p role="alert" className="mt-3 text-sm text-danger">
          {toApiError(importUsers.error).message}
        </p>
      )}
      {importUsers.data && importUsers.data.length > 0 && <Failures failed={importUsers.data} />}
    </Dialog>
  );
}
