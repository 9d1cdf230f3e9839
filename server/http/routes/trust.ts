import type { FastifyInstance } from 'fastify';
import type { TrustStore } from '../../health/trust-store.js';

// The refresh takes no options (app.ts gives a route without a body schema the empty one): it downloads
// AWS's published bundle from the address fixed in the trust store, never one a client names (that would
// let any caller replace the CAs every client trusts).

export interface TrustRouteDeps {
  trust: Pick<TrustStore, 'bundlePath' | 'ca' | 'source' | 'problems' | 'refresh'>;
}

/** The CA bundle that health probes trust and that connection strings point clients at. */
export async function trustRoutes(app: FastifyInstance, deps: TrustRouteDeps): Promise<void> {
  const describe = () => ({
    bundlePath: deps.trust.bundlePath,
    source: deps.trust.source(),
    certificates: deps.trust.ca().length,
    problems: deps.trust.problems(),
  });

  app.get('/api/trust', async () => describe());

  app.post('/api/trust/refresh', async () => {
    await deps.trust.refresh();
    return describe();
  });
}
