/**
 * What a webhook sends: Harbor's Payload (src/pkg/notifier/model/event.go) built from a bus
 * event, then written in the target's format: Harbor's Default JSON, CloudEvents 1.0 (structured
 * mode, Harbor's type names and source), or Slack's message blocks (slack_handler.go).
 */
import { randomUUID } from 'node:crypto';
import { CLOUD_EVENT_TYPES, type NotifyType, type PayloadFormat, type WebhookEventType } from './event-types.js';

export interface PayloadResource {
  digest?: string;
  tag?: string;
  resource_url?: string;
}

export interface PayloadRepository {
  date_created?: number;
  name: string;
  namespace: string;
  repo_full_name: string;
  repo_type: 'public' | 'private';
}

/** Harbor's Payload: event_data holds what the event type has (resources and repository, replication, retention, custom_attributes). */
export interface HarborPayload {
  type: WebhookEventType;
  /** Unix seconds. */
  occur_at: number;
  operator: string;
  event_data: {
    resources?: PayloadResource[];
    repository?: PayloadRepository;
    replication?: Record<string, unknown>;
    retention?: Record<string, unknown>;
    custom_attributes?: Record<string, string>;
  };
}

export interface FormattedDelivery {
  contentType: string;
  body: string;
}

export interface HookTarget {
  projectId: number;
  policyId: number;
  notifyType: NotifyType;
  format: PayloadFormat;
}

/** Harbor's Slack template, as JSON rather than text/template (the same blocks and words). */
function slackBody(payload: HarborPayload): string {
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
  return JSON.stringify({
    blocks: [
      section('*Harbor webhook events*'),
      section(`*event_type:* ${payload.type}`),
      section(`*occur_at:* <!date^${payload.occur_at}^{date} at {time}|${new Date(payload.occur_at * 1000).toUTCString()}>`),
      section(`*operator:* ${payload.operator}`),
      section('*event_data:*'),
      section('```' + JSON.stringify(payload.event_data, null, '\t') + '```'),
    ],
  });
}

function cloudEvent(payload: HarborPayload, target: HookTarget, requestId: string): string {
  return JSON.stringify({
    specversion: '1.0',
    requestid: requestId,
    id: randomUUID(),
    source: `/projects/${target.projectId}/webhook/policies/${target.policyId}`,
    type: CLOUD_EVENT_TYPES[payload.type],
    datacontenttype: 'application/json',
    time: new Date(payload.occur_at * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    data: payload.event_data,
    operator: payload.operator,
  });
}

export function formatPayload(payload: HarborPayload, target: HookTarget, requestId: string = randomUUID()): FormattedDelivery {
  if (target.notifyType === 'slack') return { contentType: 'application/json', body: slackBody(payload) };
  if (target.format === 'CloudEvents') return { contentType: 'application/cloudevents+json', body: cloudEvent(payload, target, requestId) };
  return { contentType: 'application/json', body: JSON.stringify(payload) };
}

export const unixSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** A sample push of library/hello-world:latest, for the console's Test button. */
export function samplePayload(type: WebhookEventType, project: string, operator: string, host: string): HarborPayload {
  const digest = 'sha256:' + '0'.repeat(64);
  return {
    type,
    occur_at: Math.floor(Date.now() / 1000),
    operator,
    event_data: {
      resources: [{ digest, tag: 'latest', resource_url: `${host}/${project}/hello-world:latest` }],
      repository: { name: 'hello-world', namespace: project, repo_full_name: `${project}/hello-world`, repo_type: 'private' },
      custom_attributes: { test: 'true' },
    },
  };
}
