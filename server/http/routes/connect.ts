import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { ConnectService } from '../../connect/connect-service.js';
import { SafeText, TunnelIdSchema } from '../schemas.js';

// Names travel into command lines and files: printable text only (no control characters).
const Name = SafeText(128);
const OptionalName = SafeText(128, 0);

const Params = Type.Object({ id: TunnelIdSchema }, { additionalProperties: false });
const ConnectionQuery = Type.Object(
  {
    // '' means the default (master user; engine default database).
    user: Type.Optional(OptionalName),
    database: Type.Optional(OptionalName),
  },
  { additionalProperties: false },
);
const PasswordBody = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal('iam-token'), Type.Literal('secret')])),
    user: Type.Optional(Name),
  },
  { additionalProperties: false },
);

const ConnectionStringSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  value: Type.String(),
  note: Type.Optional(Type.String()),
});
const ConnectionInfoSchema = Type.Object({
  tunnelId: Type.String(),
  engine: Type.String(),
  user: Type.String(),
  database: Type.String(),
  caBundlePath: Type.String(),
  iamAuth: Type.Boolean(),
  hasSecret: Type.Boolean(),
  strings: Type.Array(ConnectionStringSchema),
});
const PasswordResponseSchema = Type.Object({
  kind: Type.Union([Type.Literal('iam-token'), Type.Literal('secret')]),
  password: Type.String(),
  user: Type.Optional(Type.String()),
  expiresAt: Type.Optional(Type.String()),
});

export interface ConnectRouteDeps {
  connect: ConnectService;
}

export async function connectRoutes(app: FastifyInstance, deps: ConnectRouteDeps): Promise<void> {
  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof ConnectionQuery> }>(
    '/api/tunnels/:id/connection',
    { schema: { params: Params, querystring: ConnectionQuery, response: { 200: ConnectionInfoSchema } } },
    async (request) => deps.connect.connection(request.params.id, request.query),
  );

  app.post<{ Params: Static<typeof Params>; Body: Static<typeof PasswordBody> }>(
    '/api/tunnels/:id/password',
    {
      schema: { params: Params, body: PasswordBody, response: { 200: PasswordResponseSchema } },
      // No body at all means `{}`: a bare POST asks for the default password source.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const result = await deps.connect.password(request.params.id, request.body);
      // A password or token: no cache may keep it.
      void reply.header('cache-control', 'no-store');
      return result;
    },
  );
}
