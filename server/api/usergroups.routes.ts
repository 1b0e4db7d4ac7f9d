/** /usergroups and /ldap/groups/search: thin handlers over core/groups and the LDAP client. */
import { ldapGroupLookupFor } from '../auth/directory.js';
import type { CoreContext } from '../core/context.js';
import { createGroupAs, deleteGroupAs, getGroupAs, GROUP_TYPE, listGroupsAs, searchGroupsAs, updateGroupAs } from '../core/groups/group.service.js';
import { requireSysadmin } from '../core/security/actor.js';
import { actorOf } from './authentication.js';
import type { userGroupOperations } from './contracts/usergroups.js';
import { sendPage } from './paging.js';
import { userGroupJson, userGroupSearchJson } from './presenters.js';
import { locationOf } from './refs.js';
import type { HandlersOf } from './route.js';

const specOf = (body: { id?: number; group_name?: string; group_type?: number; ldap_group_dn?: string }) => ({
  id: body.id,
  name: body.group_name,
  type: body.group_type || undefined,
  ldapDn: body.ldap_group_dn,
});

export function userGroupHandlers(ctx: CoreContext): HandlersOf<typeof userGroupOperations> {
  return {
    listUserGroups: async ({ query }, req, res) => {
      const { group_name, ldap_group_dn, ...paging } = query;
      sendPage(req, res, await listGroupsAs(ctx.db, actorOf(req, res), paging, { groupName: group_name, ldapGroupDn: ldap_group_dn }), userGroupJson);
    },
    createUserGroup: async ({ body }, req, res) => {
      const group = await createGroupAs(ctx, actorOf(req, res), specOf(body), await ldapGroupLookupFor(ctx));
      res.location(locationOf(req, group.id)).status(201).end();
    },
    searchUserGroups: async ({ query }, req, res) => {
      const { groupname, ...paging } = query;
      sendPage(req, res, await searchGroupsAs(ctx.db, actorOf(req, res), paging, groupname), userGroupSearchJson);
    },
    getUserGroup: async ({ params }, req, res) => {
      res.json(userGroupJson(await getGroupAs(ctx.db, actorOf(req, res), params.group_id)));
    },
    updateUserGroup: async ({ params, body }, req, res) => {
      await updateGroupAs(ctx, actorOf(req, res), params.group_id, specOf(body));
      res.status(200).end();
    },
    deleteUserGroup: async ({ params }, req, res) => {
      await deleteGroupAs(ctx, actorOf(req, res), params.group_id);
      res.status(200).end();
    },
    searchLdapGroup: async ({ query }, req, res) => {
      requireSysadmin(actorOf(req, res));
      const { ldapSearchGroups } = await import('../auth/ldap-groups.js');
      const groups = await ldapSearchGroups(await ctx.settings.all(), { name: query.groupname, dn: query.groupdn?.trim() || undefined });
      res.json(groups.map((g) => ({ group_name: g.name, group_type: GROUP_TYPE.ldap, ldap_group_dn: g.dn })));
    },
  };
}
