/**
 * Webhook policies through the API (Harbor's webhook handler): the caller needs
 * notification-policy permissions in the project (project admins manage, maintainers read).
 * Input is checked as Harbor checks it, with messages naming the console's fields.
 */
import { invalid, notFound } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import { buildListQuery, type Page, type Paging } from '../lists/list-query.js';
import { projectFor, type ProjectRef } from '../projects/project-access.js';
import type { Project } from '../projects/project.repository.js';
import { actorName, type Actor } from '../security/actor.js';
import { isWebhookEventType, NOTIFY_TYPES, PAYLOAD_FORMATS, type NotifyType, type PayloadFormat, type WebhookEventType } from './event-types.js';
import { forgetPolicies } from './hooks.js';
import {
  deletePolicy,
  findPolicy,
  insertPolicy,
  listPolicies,
  updatePolicy,
  WEBHOOK_POLICY_LIST,
  type WebhookPolicy,
  type WebhookPolicyInput,
  type WebhookTarget,
} from './policy.repository.js';

/** What the API returns for a stored auth header, and what a client sends back to keep it. */
export const SECRET_MASK = '*****';

export interface TargetBody {
  type?: string;
  address?: string;
  auth_header?: string;
  skip_cert_verify?: boolean;
  payload_format?: string;
}

export interface PolicyBody {
  name?: string;
  description?: string;
  targets?: TargetBody[] | null;
  event_types?: string[] | null;
  enabled?: boolean;
}

function checkAddress(address: string | undefined, index: number): string {
  const field = `targets[${index}].address`;
  if (!address) throw invalid('Endpoint URL is required.', field);
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw invalid(`Endpoint URL "${address}" is not a URL; write it as http://host/path or https://host/path.`, field);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('Endpoint URL must start with http:// or https://.', field);
  // Harbor keeps scheme, host and path only (SSRF #3755): no query, no user info.
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function checkTarget(body: TargetBody, index: number, previous: WebhookTarget[]): WebhookTarget {
  const type = (body.type || 'http') as NotifyType;
  if (!NOTIFY_TYPES.includes(type)) throw invalid(`Notify Type must be http or slack, not "${body.type}".`, `targets[${index}].type`);
  const address = checkAddress(body.address, index);
  if (body.payload_format && type === 'slack') throw invalid('Payload Format cannot be set for a slack target.', `targets[${index}].payload_format`);
  const format = (body.payload_format || 'Default') as PayloadFormat;
  if (!PAYLOAD_FORMATS.includes(format)) throw invalid(`Payload Format must be Default or CloudEvents, not "${body.payload_format}".`, `targets[${index}].payload_format`);
  const kept = previous.find((t) => t.address === address)?.authHeader ?? '';
  const authHeader = body.auth_header === SECRET_MASK ? kept : (body.auth_header ?? '');
  if (authHeader.length > 4096 || /[\r\n]/.test(authHeader)) throw invalid('Auth Header must be one line of at most 4096 characters.', `targets[${index}].auth_header`);
  return { type, address, authHeader, skipCertVerify: body.skip_cert_verify === true, ...(type === 'http' ? { payloadFormat: format } : {}) };
}

export function checkPolicy(body: PolicyBody, previous?: WebhookPolicy): WebhookPolicyInput {
  const name = body.name?.trim() ?? '';
  if (!name) throw invalid('Name is required.', 'name');
  if (name.length > 256) throw invalid('Name must be at most 256 characters.', 'name');
  const eventTypes = body.event_types ?? [];
  if (eventTypes.length === 0) throw invalid('Choose at least one Event Type.', 'event_types');
  for (const type of eventTypes) if (!isWebhookEventType(type)) throw invalid(`Event Type "${type}" is not supported.`, 'event_types');
  const targets = body.targets ?? [];
  if (targets.length === 0) throw invalid('Endpoint URL is required.', 'targets');
  if (targets.length > 10) throw invalid('A webhook has at most 10 targets.', 'targets');
  return {
    name,
    description: body.description ?? '',
    eventTypes: [...new Set(eventTypes)] as WebhookEventType[],
    targets: targets.map((t, i) => checkTarget(t, i, previous?.targets ?? [])),
    enabled: body.enabled ?? true,
  };
}

export async function webhookProject(ctx: CoreContext, actor: Actor, ref: ProjectRef, action: 'read' | 'list' | 'create' | 'update' | 'delete'): Promise<Project> {
  return (await projectFor(ctx.db, actor, ref, 'notification-policy', action)).project;
}

/** The policy, when it is the project's; 404 otherwise (Harbor's requirePolicyInProject). */
export async function policyIn(ctx: CoreContext, project: Project, id: number): Promise<WebhookPolicy> {
  const policy = await findPolicy(ctx.db, ctx.secretBox, id);
  if (!policy || policy.projectId !== project.id) throw notFound(`webhook policy ${id} not found in project ${project.name}`);
  return policy;
}

export async function listPoliciesAs(ctx: CoreContext, actor: Actor, ref: ProjectRef, paging: Paging): Promise<Page<WebhookPolicy>> {
  const project = await webhookProject(ctx, actor, ref, 'list');
  return listPolicies(ctx.db, ctx.secretBox, project.id, buildListQuery(WEBHOOK_POLICY_LIST, paging));
}

export async function createPolicyAs(ctx: CoreContext, actor: Actor, ref: ProjectRef, body: PolicyBody): Promise<number> {
  const project = await webhookProject(ctx, actor, ref, 'create');
  const id = await insertPolicy(ctx.db, ctx.secretBox, project.id, actorName(actor), checkPolicy(body));
  forgetPolicies(ctx, project.id);
  return id;
}

export async function getPolicyAs(ctx: CoreContext, actor: Actor, ref: ProjectRef, id: number): Promise<WebhookPolicy> {
  const project = await webhookProject(ctx, actor, ref, 'read');
  return policyIn(ctx, project, id);
}

export async function updatePolicyAs(ctx: CoreContext, actor: Actor, ref: ProjectRef, id: number, body: PolicyBody): Promise<void> {
  const project = await webhookProject(ctx, actor, ref, 'update');
  const previous = await policyIn(ctx, project, id);
  await updatePolicy(ctx.db, ctx.secretBox, id, checkPolicy(body, previous));
  forgetPolicies(ctx, project.id);
}

export async function deletePolicyAs(ctx: CoreContext, actor: Actor, ref: ProjectRef, id: number): Promise<void> {
  const project = await webhookProject(ctx, actor, ref, 'delete');
  await policyIn(ctx, project, id);
  await deletePolicy(ctx.db, id);
  forgetPolicies(ctx, project.id);
}
