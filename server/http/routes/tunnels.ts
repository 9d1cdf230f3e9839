import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CreateTunnelRequest, Tunnel, TunnelLogLine } from '../../../shared/api.js';
import { PortholeError } from '../../errors.js';
import type { TunnelManager } from '../../tunnels/manager.js';

// One flat target object instead of a union: Fastify's Ajv runs with removeAdditional, which strips the
// fields of one union branch while trying the other. The "id, or host+port+name" rule is checked below.
const TargetBody = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    host: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9._:-]+$' })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    engine: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

const CreateBody = Type.Object(
  {
    profile: Type.String({ minLength: 1, maxLength: 128 }),
    region: Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9-]+$' }),
    target: TargetBody,
    jumpHostId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    localPort: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    autoStart: Type.Optional(Type.Boolean()),
    lazy: Type.Optional(Type.Boolean()),
    idleMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 24 * 60 })),
  },
  { additionalProperties: false },
);
type CreateBody = Static<typeof CreateBody>;

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
type IdParams = Static<typeof IdParams>;

export interface TunnelRouteDeps {
  tunnels: Pick<TunnelManager, 'list' | 'create' | 'start' | 'stop' | 'restart' | 'checkNow' | 'startAll' | 'stopAll' | 'remove' | 'logs'>;
}

/** Tunnels: list, create, start/stop/restart/check, start-all/stop-all, remove, logs. */
export async function tunnelRoutes(app: FastifyInstance, deps: TunnelRouteDeps): Promise<void> {
  const { tunnels } = deps;

  app.get('/api/tunnels', async (): Promise<{ tunnels: Tunnel[] }> => ({ tunnels: tunnels.list() }));

  app.post<{ Body: CreateBody }>('/api/tunnels', { schema: { body: CreateBody } }, async (request, reply): Promise<Tunnel> => {
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
  const { target, ...rest } = body;
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
  return new PortholeError('VALIDATION_FAILED', 'The target must be either { id } or { host, port, name }.', {
    hint: "Pass a discovered target's id, or a custom host, port and name.",
    status: 400,
  });
}
