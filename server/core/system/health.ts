/** Component health, as Harbor's GET /api/v2.0/health reports it. */
import type { CoreContext } from '../context.js';

export interface ComponentHealth {
  name: string;
  status: 'healthy' | 'unhealthy';
  error?: string;
}

export interface OverallHealth {
  status: 'healthy' | 'unhealthy';
  components: ComponentHealth[];
}

const CHECK_TIMEOUT_MS = 3000;

async function probe(name: string, check: () => Promise<void>): Promise<ComponentHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { name, status: 'healthy' };
  } catch (err) {
    return { name, status: 'unhealthy', error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(ctx: Pick<CoreContext, 'database' | 'checkStorage'>): Promise<OverallHealth> {
  const components = await Promise.all([
    probe('core', () => Promise.resolve()),
    probe('database', () => ctx.database.ping()),
    probe('storage', () => ctx.checkStorage()),
  ]);
  const healthy = components.every((c) => c.status === 'healthy');
  return { status: healthy ? 'healthy' : 'unhealthy', components };
}
