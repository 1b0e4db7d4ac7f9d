/**
 * Webhook vocabulary, as Harbor names it (src/pkg/notifier/event, formats/cloudevents.go): the
 * event types a policy subscribes to, the notify types, the payload formats, and the job
 * service vendor types deliveries run under.
 */
export const WEBHOOK_EVENT_TYPES = [
  'PUSH_ARTIFACT',
  'PULL_ARTIFACT',
  'DELETE_ARTIFACT',
  'REPLICATION',
  'TAG_RETENTION',
  'QUOTA_EXCEED',
  'QUOTA_WARNING',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const NOTIFY_TYPES = ['http', 'slack'] as const;
export type NotifyType = (typeof NOTIFY_TYPES)[number];

/** Formats an http target may choose; slack targets always send Slack's blocks. */
export const PAYLOAD_FORMATS = ['Default', 'CloudEvents'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

/** Harbor's vendor types: one execution per (policy, target, event), one task in it. */
export const WEBHOOK_VENDOR = 'WEBHOOK';
export const SLACK_VENDOR = 'SLACK';
export const WEBHOOK_VENDORS = [WEBHOOK_VENDOR, SLACK_VENDOR] as const;

export const vendorOf = (type: NotifyType) => (type === 'slack' ? SLACK_VENDOR : WEBHOOK_VENDOR);

/** CloudEvents `type` for each event (Harbor's eventTypeMapping). */
export const CLOUD_EVENT_TYPES: Record<WebhookEventType, string> = {
  PUSH_ARTIFACT: 'harbor.artifact.pushed',
  PULL_ARTIFACT: 'harbor.artifact.pulled',
  DELETE_ARTIFACT: 'harbor.artifact.deleted',
  REPLICATION: 'harbor.replication.status.changed',
  TAG_RETENTION: 'harbor.tag_retention.finished',
  QUOTA_EXCEED: 'harbor.quota.exceeded',
  QUOTA_WARNING: 'harbor.quota.warned',
};

export const isWebhookEventType = (value: string): value is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
