/** /users: thin handlers over core/users. */
import type { CoreContext } from '../core/context.js';
import { cliSecretOf, setCliSecretAs } from '../core/oidc/cli-secret.service.js';
import { permissionsInScope } from '../core/rbac/scope-permissions.js';
import { requireUser } from '../core/security/actor.js';
import { startSessionFor } from '../core/sessions/session.service.js';
import {
  changePasswordAs,
  createUserAs,
  deleteUserAs,
  getUserAs,
  listUsersAs,
  searchUsersAs,
  setSysadminAs,
  updateProfileAs,
} from '../core/users/user-admin.service.js';
import { actorOf, sendSession } from './authentication.js';
import type { userOperations } from './contracts/users.js';
import { sendPage } from './paging.js';
import { oidcUserMetaJson, userJson, userSearchJson } from './presenters.js';
import { locationOf } from './refs.js';
import type { HandlersOf } from './route.js';

export function userHandlers(ctx: CoreContext): HandlersOf<typeof userOperations> {
  return {
    listUsers: async ({ query }, req, res) => {
      const { username, email, ...paging } = query;
      sendPage(req, res, await listUsersAs(ctx.db, actorOf(req, res), paging, { username, email }), userJson);
    },
    createUser: async ({ body }, req, res) => {
      const user = await createUserAs(ctx, actorOf(req, res), body);
      res.location(locationOf(req, user.id)).status(201).end();
    },
    getCurrentUserInfo: async (_input, req, res) => {
      const user = requireUser(actorOf(req, res));
      const meta = user.authSource === 'oidc' ? await cliSecretOf(ctx, user.id) : null;
      res.json({ ...userJson(user), ...(meta && { oidc_user_meta: oidcUserMetaJson(user.id, meta) }) });
    },
    setCliSecret: async ({ params, body }, req, res) => {
      await setCliSecretAs(ctx, actorOf(req, res), params.user_id, body.secret);
      res.status(200).end();
    },
    searchUsers: async ({ query }, req, res) => {
      const { username, ...paging } = query;
      sendPage(req, res, await searchUsersAs(ctx.db, actorOf(req, res), paging, username), userSearchJson);
    },
    getCurrentUserPermissions: async ({ query }, req, res) => {
      res.json(await permissionsInScope(ctx.db, actorOf(req, res), query.scope, query.relative ?? false));
    },
    getUser: async ({ params }, req, res) => {
      res.json(userJson(await getUserAs(ctx.db, actorOf(req, res), params.user_id)));
    },
    updateUserProfile: async ({ params, body }, req, res) => {
      await updateProfileAs(ctx, actorOf(req, res), params.user_id, body);
      res.status(200).end();
    },
    deleteUser: async ({ params }, req, res) => {
      await deleteUserAs(ctx, actorOf(req, res), params.user_id);
      res.status(200).end();
    },
    setUserSysAdmin: async ({ params, body }, req, res) => {
      await setSysadminAs(ctx, actorOf(req, res), params.user_id, body.sysadmin_flag);
      res.status(200).end();
    },
    updateUserPassword: async ({ params, body }, req, res) => {
      const actor = actorOf(req, res);
      const user = await changePasswordAs(ctx, actor, params.user_id, {
        oldPassword: body.old_password,
        newPassword: body.new_password,
      });
      // The change ended every session of the user; a console changing its own password gets a new one.
      if (actor.subject.kind === 'user' && actor.subject.via === 'session' && actor.subject.user.id === user.id) {
        sendSession(ctx, req, res, await startSessionFor(ctx, user));
      }
      res.status(200).end();
    },
  };
}
