/** Administration of users: list, create, edit profile, delete, admin flag, set password. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from '../../../lib/zod';
import { api } from '../../../lib/api-client';
import type { PasswordRequest, User, UserCreateRequest, UserProfile } from '../../../lib/api-types';
import { currentUserQuery } from '../../../lib/auth';
import type { ListParams } from '../../../lib/list-params';
import { pageQuery } from '../../../lib/list-page';
import { auditKeys, invalidate, userKeys } from '../../../lib/query-keys';
import { emailSchema, passwordPairSchema, usernameSchema, type ProfileInput } from '../../../lib/user-rules';

export const usersQuery = (params: ListParams) => pageQuery<User>(userKeys.list(params), '/users', params, { username: params.filter || undefined });

export const createUserSchema = z.intersection(
  z.object({
    username: usernameSchema,
    email: emailSchema.refine((v) => v !== '', 'Enter an e-mail address.'),
    realname: z.string().trim().max(255, 'At most 255 characters.'),
    comment: z.string().max(30, 'At most 30 characters.'),
  }),
  passwordPairSchema,
);
export type CreateUserInput = z.infer<typeof createUserSchema>;

/** Lists, the signed-in user (who may be the one changed) and the audit log. */
function useUsersChanged() {
  const client = useQueryClient();
  return () => invalidate(client, userKeys.all, currentUserQuery.queryKey, auditKeys.all);
}

export function useCreateUser() {
  const changed = useUsersChanged();
  return useMutation({
    mutationFn: ({ confirm: _confirm, new_password, ...rest }: CreateUserInput) => {
      const body: UserCreateRequest = { ...rest, password: new_password };
      return api.post('/users', body);
    },
    onSuccess: changed,
  });
}

export function useUpdateUser() {
  const changed = useUsersChanged();
  return useMutation({
    mutationFn: ({ user, profile }: { user: User; profile: ProfileInput }) => api.put(`/users/${user.user_id}`, profile satisfies UserProfile),
    onSuccess: changed,
  });
}

export function useDeleteUser() {
  const changed = useUsersChanged();
  return useMutation({ mutationFn: (user: User) => api.delete(`/users/${user.user_id}`), onSuccess: changed });
}

export function useSetSysadmin() {
  const changed = useUsersChanged();
  return useMutation({
    mutationFn: ({ user, admin }: { user: User; admin: boolean }) => api.put(`/users/${user.user_id}/sysadmin`, { sysadmin_flag: admin }),
    onSuccess: changed,
  });
}

export function useSetPassword() {
  const changed = useUsersChanged();
  return useMutation({
    mutationFn: ({ user, password }: { user: User; password: string }) =>
      api.put(`/users/${user.user_id}/password`, { new_password: password } satisfies PasswordRequest),
    onSuccess: changed,
  });
}
