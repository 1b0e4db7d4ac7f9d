/** /robots and /permissions: thin handlers over core/robots. */
import type { CoreContext } from '../core/context.js';
import { robotPermissionOfferAs } from '../core/robots/robot-permissions.service.js';
import { createRobotAs, deleteRobotAs, getRobotAs, listRobotsAs, refreshRobotSecretAs, updateRobotAs, type RobotView } from '../core/robots/robot.service.js';
import { actorOf } from './authentication.js';
import type { robotOperations } from './contracts/robots.js';
import { sendPage } from './paging.js';
import { locationOf } from './refs.js';
import type { HandlersOf } from './route.js';

/** Harbor's Robot; the secret is never part of it. */
export const robotJson = (robot: RobotView) => ({
  id: robot.id,
  name: robot.fullName,
  description: robot.description,
  level: robot.level,
  duration: robot.duration,
  editable: true,
  disable: robot.disabled,
  expires_at: robot.expiresAt,
  permissions: robot.permissions,
  creator_type: robot.creatorType,
  creator_ref: robot.creatorRef,
  creation_time: robot.creationTime,
  update_time: robot.updateTime,
});

export function robotHandlers(ctx: CoreContext): HandlersOf<typeof robotOperations> {
  return {
    ListRobot: async ({ query }, req, res) => {
      sendPage(req, res, await listRobotsAs(ctx, actorOf(req, res), query), robotJson);
    },
    CreateRobot: async ({ body }, req, res) => {
      const { robot, secret } = await createRobotAs(ctx, actorOf(req, res), body);
      res.setHeader('Cache-Control', 'no-store');
      res
        .location(locationOf(req, robot.id))
        .status(201)
        .json({ id: robot.id, name: robot.fullName, secret, creation_time: robot.creationTime, expires_at: robot.expiresAt });
    },
    GetRobotByID: async ({ params }, req, res) => {
      res.json(robotJson(await getRobotAs(ctx, actorOf(req, res), params.robot_id)));
    },
    UpdateRobot: async ({ params, body }, req, res) => {
      await updateRobotAs(ctx, actorOf(req, res), params.robot_id, body);
      res.status(200).end();
    },
    RefreshSec: async ({ params, body }, req, res) => {
      const secret = await refreshRobotSecretAs(ctx, actorOf(req, res), params.robot_id, body.secret);
      res.setHeader('Cache-Control', 'no-store');
      res.json(secret === undefined ? {} : { secret });
    },
    DeleteRobot: async ({ params }, req, res) => {
      await deleteRobotAs(ctx, actorOf(req, res), params.robot_id);
      res.status(200).end();
    },
    getPermissions: async (_input, req, res) => {
      res.json(await robotPermissionOfferAs(ctx.db, actorOf(req, res)));
    },
  };
}
