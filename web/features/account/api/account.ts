/** The signed-in user's own profile and password. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from '../../../lib/zod';
import { api } from '../../../lib/api-client';
import type { PasswordRequest, UserProfile } from '../../../lib/api-types';
import { currentUserQuery } from '../../../lib/auth';
import { auditKeys, invalidate, userKeys } from '../../../lib/query-keys';
import { passwordPairSchema, type ProfileInput } from '../../../lib/user-rules';

export function useSaveProfile(userId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (profile: ProfileInput) => api.put(`/users/${userId}`, profile satisfies UserProfile),
    onSuccess: () => invalidate(client, currentUserQuery.queryKey, userKeys.all, auditKeys.all),
  });
}

export const changePasswordSchema = z.intersection(z.object({ old_password: z.string().min(1, 'Enter your current password.') }), passwordPairSchema);
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

/**
 * The server ends every other session of the user and answers this one with a new cookie and
 * CSRF token (the API client keeps the token), so this tab stays signed in.
 */
export function useChangePassword(userId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ old_password, new_password }: ChangePasswordInput) =>
      api.put(`/users/${userId}/password`, { old_password, new_password } satisfies PasswordRequest),
    onSuccess: () => invalidate(client, currentUserQuery.queryKey, auditKeys.all),
  });
}
