/**
 * Accounts without signing in first (/c, server/api/contracts/session.ts): ask for a reset
 * link, set a password with it, sign up, and the sign-up form's "already taken" checks.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { sessionApi } from '../../../lib/api-client';
import type { ResetForm, ResetRequestForm, SignUpForm, UserExistsForm } from '../../../lib/api-types';
import { useSignIn } from '../../../lib/auth';
import { z } from '../../../lib/zod';
import { emailSchema, passwordPairSchema, usernameSchema } from '../../../lib/user-rules';

export function useSendResetEmail() {
  return useMutation({
    mutationFn: async (form: ResetRequestForm) => (await sessionApi.post<{ message: string }>('/send_reset_email', form)).data.message,
  });
}

/** Whether a reset link still works, asked once when it is opened (a 400 names the token and says why not). */
export const useResetLinkCheck = (token: string) =>
  useQuery({
    queryKey: ['reset-link', token],
    queryFn: async () => (await sessionApi.post('/reset/check', { token })).status === 200,
    enabled: token !== '',
    retry: false,
    staleTime: Infinity,
  });

export function useResetPassword() {
  return useMutation({ mutationFn: (form: ResetForm) => sessionApi.post('/reset', form) });
}

export const requiredEmailSchema = emailSchema.refine((v) => v !== '', 'Enter your e-mail address.');

export const signUpSchema = z.intersection(
  z.object({
    username: usernameSchema,
    email: requiredEmailSchema,
    realname: z.string().trim().min(1, 'Enter your name.').max(255, 'At most 255 characters.'),
    comment: z.string().max(30, 'At most 30 characters.'),
  }),
  passwordPairSchema,
);
export type SignUpInput = z.infer<typeof signUpSchema>;

/** Creates the account, then signs in with the same credentials. */
export function useSignUp() {
  const signIn = useSignIn();
  return useMutation({
    mutationFn: async ({ confirm: _confirm, new_password, comment, ...rest }: SignUpInput) => {
      const form: SignUpForm = { ...rest, password: new_password, ...(comment ? { comment } : {}) };
      await sessionApi.post('/sign_up', form);
      await signIn.mutateAsync({ principal: rest.username, password: new_password });
    },
  });
}

/** `value` once it has stopped changing for `delayMs`. */
function useSettled(value: string, delayMs: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * Whether a username or e-mail is taken, asked after a pause in typing and only for a value the
 * form would accept. `taken` is undefined until the answer for the current value is in.
 */
export function useTaken(target: UserExistsForm['target'], value: string, valid: boolean) {
  const settled = useSettled(value.trim(), 400);
  const current = settled === value.trim() && valid && settled !== '';
  const query = useQuery({
    queryKey: ['user-exists', target, settled],
    queryFn: async () => (await sessionApi.post<boolean>('/userExists', { target, value: settled } satisfies UserExistsForm)).data,
    enabled: current,
    staleTime: 30_000,
    retry: false,
  });
  return { taken: current ? query.data : undefined, checking: current && query.isFetching };
}
