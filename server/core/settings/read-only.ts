/**
 * Harbor's read-only mode (configuration read_only): while it is on, every request that could
 * change something is refused, on every surface alike, with Harbor's status and message
 * (src/server/middleware/readonly: 403, DENIED). Reads go on; each surface exempts what Harbor
 * exempts (changing the configuration, signing in).
 */
import { denied } from '../../lib/errors.js';
import type { SettingsService } from './settings.service.js';

export const READ_ONLY_MESSAGE = 'The system is in read only mode. Any modification is prohibited.';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Throws DENIED for a request of `method` while the system is read-only. */
export async function refuseWhileReadOnly(settings: Pick<SettingsService, 'readOnly'>, method: string): Promise<void> {
  if (SAFE_METHODS.has(method)) return;
  if (await settings.readOnly()) throw denied(READ_ONLY_MESSAGE);
}
