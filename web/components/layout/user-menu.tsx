/** The signed-in user's menu: profile, theme, about, sign out. */
import { ChevronDown, Info, KeyRound, LogOut, Moon, Sun, UserRound } from 'lucide-react';
import { DropdownMenu } from 'radix-ui';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { paths } from '../../config/paths';
import { useCurrentUser, useSignOut } from '../../lib/auth';
import { useSystemInfo } from '../../lib/system-info';
import { useTheme } from '../../lib/theme';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';

const itemClass = 'flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-surface-2';

function AboutDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const info = useSystemInfo(open);
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="About Berth" width="sm" footer={<Button onClick={() => onOpenChange(false)}>Close</Button>}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted">Version</dt>
        <dd>{info.data?.harbor_version ?? '...'}</dd>
        <dt className="text-muted">Address</dt>
        <dd>{info.data?.external_url ?? '...'}</dd>
      </dl>
      <p className="mt-3 text-xs text-muted">A private container image registry, compatible with Harbor.</p>
    </Dialog>
  );
}

export function UserMenu() {
  const { data: user } = useCurrentUser();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const { theme, toggle } = useTheme();
  const [about, setAbout] = useState(false);
  if (!user) return null;
  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger className="flex items-center gap-1 rounded px-2 py-1 text-sm hover:bg-white/10" aria-label={`User menu for ${user.username}`}>
          {user.username}
          <ChevronDown size={14} aria-hidden />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content align="end" sideOffset={4} className="z-50 min-w-44 rounded border border-border bg-surface p-1 text-fg shadow-lg">
            <DropdownMenu.Item className={itemClass} onSelect={() => void navigate(paths.account.profile)}>
              <UserRound size={14} aria-hidden />
              Profile
            </DropdownMenu.Item>
            <DropdownMenu.Item className={itemClass} onSelect={() => void navigate(paths.account.password)}>
              <KeyRound size={14} aria-hidden />
              Change password
            </DropdownMenu.Item>
            <DropdownMenu.Item className={itemClass} onSelect={toggle}>
              {theme === 'dark' ? <Sun size={14} aria-hidden /> : <Moon size={14} aria-hidden />}
              {theme === 'dark' ? 'Light theme' : 'Dark theme'}
            </DropdownMenu.Item>
            <DropdownMenu.Item className={itemClass} onSelect={() => setAbout(true)}>
              <Info size={14} aria-hidden />
              About
            </DropdownMenu.Item>
            <DropdownMenu.Separator className="my-1 h-px bg-border" />
            <DropdownMenu.Item
              className={itemClass}
              // The admin's toasts stay behind: the sign-in page is someone else's start.
              onSelect={() =>
                signOut.mutate(undefined, {
                  onSettled: () => {
                    toast.dismiss();
                    void navigate(paths.signIn());
                  },
                })
              }
            >
              <LogOut size={14} aria-hidden />
              Sign out
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <AboutDialog open={about} onOpenChange={setAbout} />
    </>
  );
}
