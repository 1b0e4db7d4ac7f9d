/** /projects/{p}/members: thin handlers over core/members. */
import { ldapGroupLookupFor } from '../auth/directory.js';
import type { CoreContext } from '../core/context.js';
import { addMemberAs, changeMemberRoleAs, getMemberAs, listMembersAs, removeMemberAs } from '../core/members/member.service.js';
import type { RoleId } from '../core/members/roles.js';
import { actorOf } from './authentication.js';
import type { memberOperations } from './contracts/members.js';
import { sendPage } from './paging.js';
import { memberJson } from './presenters.js';
import { locationOf, projectRef } from './refs.js';
import type { HandlersOf } from './route.js';

export function memberHandlers(ctx: CoreContext): HandlersOf<typeof memberOperations> {
  return {
    listProjectMembers: async ({ params, headers, query }, req, res) => {
      const { entityname, ...paging } = query;
      const ref = projectRef(params.project_name_or_id, headers['x-is-resource-name']);
      sendPage(req, res, await listMembersAs(ctx.db, actorOf(req, res), ref, paging, entityname), memberJson);
    },
    createProjectMember: async ({ params, headers, body }, req, res) => {
      const ref = projectRef(params.project_name_or_id, headers['x-is-resource-name']);
      const id = await addMemberAs(ctx, actorOf(req, res), ref, {
        role: body.role_id as RoleId,
        user: body.member_user && { id: body.member_user.user_id, username: body.member_user.username },
        group: body.member_group && {
          id: body.member_group.id,
          name: body.member_group.group_name,
          type: body.member_group.group_type || undefined,
          ldapDn: body.member_group.ldap_group_dn,
        },
      }, await ldapGroupLookupFor(ctx));
      res.location(locationOf(req, id)).status(201).end();
    },
    getProjectMember: async ({ params, headers }, req, res) => {
      const ref = projectRef(params.project_name_or_id, headers['x-is-resource-name']);
      res.json(memberJson(await getMemberAs(ctx.db, actorOf(req, res), ref, params.mid)));
    },
    updateProjectMember: async ({ params, headers, body }, req, res) => {
      const ref = projectRef(params.project_name_or_id, headers['x-is-resource-name']);
      await changeMemberRoleAs(ctx, actorOf(req, res), ref, params.mid, body.role_id as RoleId);
      res.status(200).end();
    },
    deleteProjectMember: async ({ params, headers }, req, res) => {
      const ref = projectRef(params.project_name_or_id, headers['x-is-resource-name']);
      await removeMemberAs(ctx, actorOf(req, res), ref, params.mid);
      res.status(200).end();
    },
  };
}
