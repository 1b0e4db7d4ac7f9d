/**
 * The contract between the registries service, the copy engine and replication (see the
 * replication contract): what another registry is, and what we can ask of it.
 */
import type { Readable } from 'node:stream';

export { RemoteError, isRemoteError, type RemoteErrorKind } from './remote-error.js';
export { openRemote } from './open-remote.js';

/** Harbor's adapter type strings where they exist ('harbor', 'docker-registry'); 'oci' is any registry without a catalog. */
export type RegistryType = 'harbor' | 'docker-registry' | 'oci';
export const REGISTRY_TYPES: readonly RegistryType[] = ['harbor', 'docker-registry', 'oci'];

export interface RegistryEndpoint {
  type: RegistryType;
  url: string;
  insecure: boolean;
  /** PEM: trusted instead of the system CA pool for this endpoint (Harbor's ca_certificate). */
  caCertificate?: string;
  /** Decrypted, in memory only: never logged, never returned. */
  credential?: { type: 'basic'; accessKey: string; accessSecret: string };
}

/** Mints a registry token for scopes without asking a token service (this Berth's loopback). */
/** Signs a registry token for the scopes; `subject` names who acts (the system operator unless given, e.g. a scanner). */
export type TokenMinter = (scopes: string[], subject?: string) => { token: string; expiresIn: number };

export interface OpenRemoteOptions {
  tokenMinter?: TokenMinter;
  /** List repositories through /v2/_catalog whatever the type (this Berth over loopback). */
  listing?: 'catalog';
}

export interface RemoteManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  urls?: string[];
  platform?: Record<string, unknown>;
}

export interface RemoteBlob {
  size: number;
  stream: Readable;
}

/** An upload session at the destination: its Location, and how many bytes it holds. */
export interface UploadSession {
  location: string;
  offset: number;
}

export interface RemoteRegistry {
  readonly type: RegistryType;
  /** The normalized base URL: two handles with the same one are the same registry (mounts). */
  readonly identity: string;
  /** Throws RemoteError with a plain reason: unreachable, TLS error, wrong credentials, not a registry. */
  ping(): Promise<void>;
  /** Every repository; RemoteError 'unsupported' for 'oci' (no catalog). */
  listRepositories(signal?: AbortSignal): Promise<string[]>;
  listTags(repository: string, signal?: AbortSignal): Promise<string[]>;
  /**
   * Makes what a push into `repository` needs: a Harbor (or Berth) keeps repositories in
   * projects that must exist first. Nothing to do for other types.
   */
  prepareRepository(repository: string, signal?: AbortSignal): Promise<void>;

  /** null when absent. */
  headManifest(repository: string, reference: string, signal?: AbortSignal): Promise<{ digest: string; mediaType: string; size: number } | null>;
  /** RemoteError 'not-found' when absent. */
  getManifest(repository: string, reference: string, signal?: AbortSignal): Promise<RemoteManifest>;
  /** Returns whether the registry took the subject (OCI-Subject header): when not, the referrers tag must be kept by the client. */
  putManifest(repository: string, reference: string, manifest: RemoteManifest, signal?: AbortSignal): Promise<{ subjectHandled: boolean }>;
  deleteManifest(repository: string, digest: string, signal?: AbortSignal): Promise<void>;
  /** The referrers of a manifest, or null when the registry has no referrers API. */
  listReferrers(repository: string, digest: string, signal?: AbortSignal): Promise<Descriptor[] | null>;

  /** The size, or null when absent. */
  headBlob(repository: string, digest: string, signal?: AbortSignal): Promise<number | null>;
  getBlob(repository: string, digest: string, signal?: AbortSignal): Promise<RemoteBlob>;
  /** true when mounted; otherwise the registry opened an upload session (returned) instead. */
  mountBlob(repository: string, digest: string, from: string, signal?: AbortSignal): Promise<true | UploadSession>;
  startUpload(repository: string, signal?: AbortSignal): Promise<UploadSession>;
  /** The session's offset now (GET on its location), or null when it is gone. */
  uploadStatus(repository: string, session: UploadSession, signal?: AbortSignal): Promise<UploadSession | null>;
  /** Sends `length` bytes at the session's offset; returns the session moved on. */
  patchUpload(repository: string, session: UploadSession, body: Readable, length: number, signal?: AbortSignal): Promise<UploadSession>;
  finishUpload(repository: string, session: UploadSession, digest: string, signal?: AbortSignal): Promise<void>;
  /** Best effort: the session is dropped at the destination. */
  cancelUpload(repository: string, session: UploadSession): Promise<void>;
}
