/**
 * The server's response shapes, inferred from its zod contracts (server/api/contracts), so the
 * console and the API cannot drift apart: change a contract and the console stops compiling
 * where it relied on the old shape. Type-only imports: no server code reaches the bundle.
 */
import type { z } from 'zod';
import type * as artifactDiff from '../../server/api/contracts/artifact-diff';
import type * as artifacts from '../../server/api/contracts/artifacts';
import type * as audit from '../../server/api/contracts/audit-logs';
import type * as configurations from '../../server/api/contracts/configurations';
import type * as labels from '../../server/api/contracts/labels';
import type * as members from '../../server/api/contracts/members';
import type * as projects from '../../server/api/contracts/projects';
import type * as repositories from '../../server/api/contracts/repositories';
import type * as robots from '../../server/api/contracts/robots';
import type * as search from '../../server/api/contracts/search';
import type * as session from '../../server/api/contracts/session';
import type * as system from '../../server/api/contracts/system';
import type * as users from '../../server/api/contracts/users';
import type * as retention from '../../server/api/contracts/retention';
import type * as immutable from '../../server/api/contracts/immutable';
import type * as usergroups from '../../server/api/contracts/usergroups';
import type * as oidc from '../../server/api/contracts/oidc';
import type * as storage from '../../server/api/contracts/storage';
import type * as layers from '../../server/api/contracts/layers';
import type * as sbom from '../../server/api/contracts/sbom';

export type Project = z.output<typeof projects.Project>;
export type ProjectSummary = z.output<typeof projects.ProjectSummary>;
export type ProjectCreateRequest = z.input<typeof projects.ProjectCreateReq>;
export type ProjectUpdateReq = z.input<typeof projects.ProjectUpdateReq>;

export type ScopeStorage = z.output<typeof storage.ScopeStorage>;
export type ArtifactStorage = z.output<typeof storage.ArtifactStorage>;
export type SystemStorage = z.output<typeof storage.SystemStorage>;

export type Repository = z.output<typeof repositories.Repository>;
export type RepositoryUpdate = z.input<typeof repositories.RepositoryUpdate>;

export type Artifact = z.output<typeof artifacts.Artifact>;
export type Platform = z.output<typeof artifacts.Platform>;
export type ArtifactReference = z.output<typeof artifacts.Reference>;
export type Tag = z.output<typeof artifacts.Tag>;
export type NewTag = z.input<typeof artifacts.NewTag>;
export type Accessory = z.output<typeof artifacts.Accessory>;
export type Layer = z.output<typeof artifacts.Layer>;
export type ArtifactSummary = z.output<typeof layers.ArtifactSummary>;
export type ArtifactLineage = z.output<typeof layers.ArtifactLineage>;
export type ArtifactDiff = z.output<typeof artifactDiff.ArtifactDiff>;
export type DiffProgress = z.output<typeof artifactDiff.DiffProgress>;
export type SbomOverview = z.output<typeof artifacts.SBOMOverview>;
export type SbomPackage = z.output<typeof sbom.SbomPackage>;
export type PackageUse = z.output<typeof sbom.PackageUse>;

export type Label = z.output<typeof labels.Label>;
export type LabelRequest = z.input<typeof labels.LabelReq>;

export type ProjectMember = z.output<typeof members.ProjectMemberEntity>;
export type ProjectMemberRequest = z.input<typeof members.ProjectMemberReq>;

export type User = z.output<typeof users.UserResp>;
export type UserSearchItem = z.output<typeof users.UserSearchRespItem>;
export type UserCreateRequest = z.input<typeof users.UserCreationReq>;
export type UserProfile = z.input<typeof users.UserProfile>;
export type PasswordRequest = z.input<typeof users.PasswordReq>;
export type Permission = z.output<typeof users.Permission>;

export type AuditLog = z.output<typeof audit.AuditLogExt>;
export type AuditEventType = z.output<typeof audit.AuditLogEventType>;

export type SearchResult = z.output<typeof search.SearchResult>;
export type Statistic = z.output<typeof search.Statistic>;

export type SystemInfo = z.output<typeof system.GeneralInfo>;
export type HealthStatus = z.output<typeof system.OverallHealthStatus>;

export type ConfigurationsResponse = z.output<typeof configurations.ConfigurationsResponse>;
export type ConfigurationsRequest = z.input<typeof configurations.Configurations>;
export type EmailSettings = z.input<typeof configurations.EmailSettings>;
export type LdapConf = z.input<typeof configurations.LdapConf>;
export type LdapPingResult = z.output<typeof configurations.LdapPingResult>;
export type LdapUser = z.output<typeof configurations.LdapUser>;
export type LdapImportUsers = z.input<typeof configurations.LdapImportUsers>;
export type LdapFailedImportUser = z.output<typeof configurations.LdapFailedImportUser>;

export type SignUpForm = z.input<typeof session.SignUpForm>;
export type UserExistsForm = z.input<typeof session.UserExistsForm>;
export type ResetRequestForm = z.input<typeof session.ResetRequestForm>;
export type ResetForm = z.input<typeof session.ResetForm>;

export type Robot = z.output<typeof robots.Robot>;
export type RobotCreate = z.input<typeof robots.RobotCreate>;
export type RobotCreated = z.output<typeof robots.RobotCreated>;
export type RobotPermission = z.output<typeof robots.RobotPermission>;
export type RobotPermissionOffer = z.output<typeof robots.Permissions>;
export type RetentionPolicy = z.output<typeof retention.RetentionPolicy>;
export type RetentionPolicyRequest = z.input<typeof retention.RetentionPolicyReq>;
export type RetentionRule = NonNullable<RetentionPolicy['rules']>[number];
export type RetentionMetadata = z.output<typeof retention.RetentionMetadata>;
export type RetentionExecution = z.output<typeof retention.RetentionExecution>;
export type RetentionTask = z.output<typeof retention.RetentionExecutionTask>;
export type ImmutableRule = z.output<typeof immutable.ImmutableRule>;
export type ImmutableRuleRequest = z.input<typeof immutable.ImmutableRuleReq>;
export type UserGroup = z.output<typeof usergroups.UserGroup>;
export type UserGroupRequest = z.input<typeof usergroups.UserGroupReq>;
export type OidcEndpoint = z.input<typeof oidc.OidcEndpoint>;
export type OidcCliSecretRequest = z.input<typeof users.OIDCCliSecretReq>;
