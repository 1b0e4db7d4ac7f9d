/** How the console names the adapter types the server reports (unknown ones as the server spells them). */
const PROVIDERS: Record<string, string> = {
  harbor: 'Harbor (or Berth)',
  'docker-registry': 'Docker Registry (CNCF Distribution)',
  'docker-hub': 'Docker Hub',
  oci: 'OCI registry (no catalog)',
};

export const providerName = (type: string) => PROVIDERS[type] ?? type;
