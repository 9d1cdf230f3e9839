import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AWS_GLOBAL_BUNDLE_URL, type TrustStore } from '../../health/trust-store.js';

const RefreshBody = Type.Object(
  {
    /** Where to download the bundle from; AWS's published global bundle by default. */
    url: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 2048 })),
  },
  { additionalProperties: false },
);

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

  app.post<{ Body: Static<typeof RefreshBody> }>('/api/trust/refresh', { schema: { body: RefreshBody } }, async (request) => {
    await deps.trust.refresh(request.body?.url ?? AWS_GLOBAL_BUNDLE_URL);
    return describe();
  });
}
