import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Diagnosis, IamPolicies } from '../../../shared/api.js';
import type { DiagnosisService } from '../../diagnosis/diagnosis-service.js';
import type { PolicyService } from '../../diagnosis/policy/policy-service.js';
import { JumpHostIdSchema, TargetIdSchema } from '../schemas.js';

const Params = Type.Object({ id: TargetIdSchema }, { additionalProperties: false });
const DiagnosisQuery = Type.Object(
  {
    jumpHostId: Type.Optional(JumpHostIdSchema),
    // Querystrings are not coerced: "1" asks for a fresh run instead of the cached one.
    refresh: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])),
  },
  { additionalProperties: false },
);
/** Comma-separated tunnel ids (TunnelIdSchema's characters), at most 50. */
const PolicyQuery = Type.Object(
  { tunnels: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64}){0,49}$', maxLength: 3300 }) },
  { additionalProperties: false },
);

export interface DiagnosisRouteDeps {
  diagnosis: DiagnosisService;
  policies: PolicyService;
}

/** "Why can't I connect?": the checks for a target and jump host, and least-privilege policies for tunnels. */
export async function diagnosisRoutes(app: FastifyInstance, deps: DiagnosisRouteDeps): Promise<void> {
  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof DiagnosisQuery> }>(
    '/api/targets/:id/diagnosis',
    { schema: { params: Params, querystring: DiagnosisQuery } },
    async (request): Promise<Diagnosis> =>
      deps.diagnosis.diagnose(request.params.id, {
        ...(request.query.jumpHostId ? { jumpHostId: request.query.jumpHostId } : {}),
        refresh: request.query.refresh === '1',
      }),
  );

  app.get<{ Querystring: Static<typeof PolicyQuery> }>(
    '/api/iam-policy',
    { schema: { querystring: PolicyQuery } },
    async (request): Promise<IamPolicies> => deps.policies.policies([...new Set(request.query.tunnels.split(','))]),
  );
}
