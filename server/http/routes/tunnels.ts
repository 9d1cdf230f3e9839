import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CreateTunnelRequest, Tunnel, TunnelLogLine, UpdateTunnelRequest } from '../../../shared/api.js';
import { PortholeError } from '../../errors.js';
import type { TunnelManager } from '../../tunnels/manager.js';
import {
  EngineSchema,
  HostSchema,
  JumpHostIdSchema,
  LocalPortSchema,
  ParallelSessionsSchema,
  ProfileNameSchema,
  RegionSchema,
  RemotePortSchema,
  SafeText,
  TargetIdSchema,
  TunnelIdSchema,
} from '../schemas.js';

// One flat target object instead of a union, so a bad field is named in the 400 (a union's error only says
// "must match a schema in anyOf"). The "id, or host+port+name" rule is checked below.
const TargetBody = Type.Object(
  {
    id: Type.Optional(TargetIdSchema),
    host: Type.Optional(HostSchema),
    port: Type.Optional(RemotePortSchema),
    name: Type.Optional(SafeText(255)),
    engine: Type.Optional(EngineSchema),
  },
  { additionalProperties: false },
);

const CreateBody = Type.Object(
  {
    profile: ProfileNameSchema,
    region: RegionSchema,
    target: TargetBody,
    jumpHostId: Type.Optional(JumpHostIdSchema),
    localPort: Type.Optional(LocalPortSchema),
    autoStart: Type.Optional(Type.Boolean()),
    lazy: Type.Optional(Type.Boolean()),
    idleMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 24 * 60 })),
    parallelSessions: Type.Optional(ParallelSessionsSchema),
  },
  { additionalProperties: false },
);
type CreateBody = Static<typeof CreateBody>;

// What the user may change on a saved tunnel; '' clears user or database (the defaults apply again). Names go
// into command lines and files, so printable text only.
const UpdateBody = Type.Object(
  {
    user: Type.Optional(SafeText(128, 0)),
    database: Type.Optional(SafeText(128, 0)),
    jumpHostId: Type.Optional(JumpHostIdSchema),
    parallelSessions: Type.Optional(ParallelSessionsSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
type UpdateBody = Static<typeof UpdateBody>;

const IdParams = Type.Object({ id: TunnelIdSchema }, { additionalProperties: false });
type IdParams = Static<typeof IdParams>;

export interface TunnelRouteDeps {
  tunnels: Pick<
    TunnelManager,
    'list' | 'create' | 'update' | 'start' | 'stop' | 'restart' | 'checkNow' | 'startAll' | 'stopAll' | 'remove' | 'logs'
  >;
  /** Whether Porthole lists this AWS profile: a tunnel is only ever made for one. */
  profileExists: (name: string) => Promise<boolean>;
}

/** Tunnels: list, create, update, start/stop/restart/check, start-all/stop-all, remove, logs. */
export async function tunnelRoutes(app: FastifyInstance, deps: TunnelRouteDeps): Promise<void> {
  const { tunnels } = deps;

  app.get('/api/tunnels', async (): Promise<{ tunnels: Tunnel[] }> => ({ tunnels: tunnels.list() }));

  app.post<{ Body: CreateBody }>('/api/tunnels', { schema: { body: CreateBody } }, async (request, reply): Promise<Tunnel> => {
    if (!(await deps.profileExists(request.body.profile))) {
      throw invalidField('profile', `There is no AWS profile named "${request.body.profile}".`, 'Use a profile from GET /api/profiles.');
    }
    const tunnel = await tunnels.create(toCreateRequest(request.body));
    return reply.status(201).send(tunnel);
  });

  // Registered before /:id/… so that "start-all" is never taken for a tunnel id.
  app.post('/api/tunnels/start-all', async (): Promise<{ tunnels: Tunnel[] }> => ({ tunnels: await tunnels.startAll() }));
  app.post('/api/tunnels/stop-all', async (): Promise<{ tunnels: Tunnel[] }> => ({ tunnels: await tunnels.stopAll() }));

  const action = (name: 'start' | 'stop' | 'restart' | 'check'): void => {
    app.post<{ Params: IdParams }>(`/api/tunnels/:id/${name}`, { schema: { params: IdParams } }, async (request): Promise<Tunnel> => {
      const { id } = request.params;
      if (name === 'check') return tunnels.checkNow(id);
      return tunnels[name](id);
    });
  };
  action('start');
  action('stop');
  action('restart');
  action('check');

  app.patch<{ Params: IdParams; Body: UpdateBody }>(
    '/api/tunnels/:id',
    { schema: { params: IdParams, body: UpdateBody } },
    async (request): Promise<Tunnel> => tunnels.update(request.params.id, request.body satisfies UpdateTunnelRequest),
  );

  app.delete<{ Params: IdParams }>('/api/tunnels/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await tunnels.remove(request.params.id);
    return reply.status(204).send();
  });

  app.get<{ Params: IdParams }>(
    '/api/tunnels/:id/logs',
    { schema: { params: IdParams } },
    async (request): Promise<{ lines: TunnelLogLine[] }> => ({
      lines: tunnels.logs(request.params.id),
    }),
  );
}

function toCreateRequest(body: CreateBody): CreateTunnelRequest {
  const { target, localPort, ...rest } = body;
  if (localPort !== undefined && localPort !== 0) Object.assign(rest, { localPort });
  if (target.id !== undefined) {
    if (target.host !== undefined || target.port !== undefined) throw invalidTarget();
    return { ...rest, target: { id: target.id } };
  }
  if (target.host === undefined || target.port === undefined || target.name === undefined) throw invalidTarget();
  const custom: { host: string; port: number; name: string; engine?: string } = { host: target.host, port: target.port, name: target.name };
  if (target.engine !== undefined) custom.engine = target.engine;
  return { ...rest, target: custom };
}

function invalidTarget(): PortholeError {
  return invalidField(
    'target',
    'The target must be either { id } or { host, port, name }.',
    "Pass a discovered target's id, or a custom host, port and name.",
  );
}

function invalidField(field: string, message: string, hint: string): PortholeError {
  return new PortholeError('VALIDATION_FAILED', message, { hint, status: 400, field });
}
