/**
 * The in-process event bus: the registry announces pushes, pulls and deletes; later features
 * (webhooks, replication triggers, caches) subscribe. Delivery is after the fact and in memory:
 * anything that must not be lost (the audit log) is written in the operation's own
 * transaction, not through this bus. A subscriber's failure is logged and never reaches the
 * emitter.
 */
import type { Logger } from 'pino';

export interface ArtifactEventBase {
  /** Who did it: a username, a robot name, or "anonymous". */
  operator: string;
  projectId: number;
  /** Full repository name, such as library/nginx. */
  repository: string;
  digest: string;
  /** The tag used, when the client used one. */
  tag?: string;
  mediaType: string;
  /** ISO time. */
  at: string;
}

export type BerthEvent =
  | ({ type: 'artifact.pushed' } & ArtifactEventBase)
  | ({ type: 'artifact.pulled' } & ArtifactEventBase)
  | ({ type: 'artifact.deleted' } & ArtifactEventBase)
  | ({ type: 'tag.created' } & ArtifactEventBase & { tag: string })
  | ({ type: 'tag.deleted' } & ArtifactEventBase & { tag: string })
  | { type: 'repository.deleted'; operator: string; projectId: number; repository: string; at: string }
  | { type: 'project.deleted'; operator: string; projectId: number; project: string; at: string }
  | ({ type: 'quota.exceeded' } & QuotaEventBase)
  | ({ type: 'quota.warning' } & QuotaEventBase)
  | {
      type: 'replication.finished';
      operator: string;
      executionId: number;
      policyId: number;
      policyName: string;
      /** Harbor's execution status: Success, Error or Stopped. */
      status: string;
      trigger: string;
      at: string;
    }
  | {
      type: 'retention.finished';
      operator: string;
      executionId: number;
      projectId: number;
      project: string;
      dryRun: boolean;
      status: string;
      total: number;
      retained: number;
      deleted: Array<{ repository: string; digest: string; tags: string[] }>;
      at: string;
    };

/** A push refused by, or nearing, its project's storage limit. */
export interface QuotaEventBase {
  operator: string;
  projectId: number;
  project: string;
  repository: string;
  /** The manifest or blob digest being pushed, when known. */
  digest?: string;
  /** Bytes in use and the limit, after the push would have been kept. */
  usage: number;
  limit: number;
  at: string;
}

export type EventType = BerthEvent['type'];
type Handler<T extends EventType> = (event: Extract<BerthEvent, { type: T }>) => void | Promise<void>;
type AnyHandler = (event: BerthEvent) => void | Promise<void>;

export class EventBus {
  private readonly handlers = new Map<EventType, AnyHandler[]>();

  constructor(private readonly logger: Logger) {}

  on<T extends EventType>(type: T, handler: Handler<T>): () => void {
    const list = this.handlers.get(type) ?? [];
    const erased = handler as unknown as AnyHandler;
    list.push(erased);
    this.handlers.set(type, list);
    return () => {
      const index = list.indexOf(erased);
      if (index >= 0) list.splice(index, 1);
    };
  }

  emit(event: BerthEvent): void {
    for (const handler of this.handlers.get(event.type) ?? []) {
      try {
        const result = handler(event);
        if (result instanceof Promise) result.catch((err: unknown) => this.failed(event, err));
      } catch (err) {
        this.failed(event, err);
      }
    }
  }

  private failed(event: BerthEvent, err: unknown): void {
    this.logger.error({ err, event: event.type }, 'an event subscriber failed');
  }
}
