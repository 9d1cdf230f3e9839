import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ExportLocations, ExportResult } from '../../../shared/api.js';
import type { ExportService } from '../../connect/exports/export-service.js';
import { SafeText } from '../schemas.js';

// A folder is only ever a place for a file of Porthole's own name (the service checks it is absolute and
// exists); no route takes a file name, so no request can point Porthole at some other file.
const Folder = SafeText(1024);
const DbeaverBody = Type.Object({ workspace: Type.Optional(Folder) }, { additionalProperties: false });
const PgAdminBody = Type.Object({ folder: Type.Optional(Folder) }, { additionalProperties: false });
// The service file is the platform's (or PGSERVICEFILE in the daemon's environment): never one a request names.
const PgServiceBody = Type.Object({}, { additionalProperties: false });

/** No body at all means `{}`: every field is optional. */
async function bodyDefaultsToEmpty(request: FastifyRequest): Promise<void> {
  request.body ??= {};
}

/** "Add to DBeaver", pgAdmin's servers.json and libpq's service file, for the dashboard and the CLI alike. */
export async function exportRoutes(app: FastifyInstance, deps: { exports: ExportService }): Promise<void> {
  app.get('/api/exports', async (): Promise<ExportLocations> => deps.exports.locations());

  app.post<{ Body: Static<typeof DbeaverBody> }>(
    '/api/exports/dbeaver',
    { schema: { body: DbeaverBody }, preValidation: bodyDefaultsToEmpty },
    async (request): Promise<ExportResult> => deps.exports.dbeaver(request.body),
  );

  app.post<{ Body: Static<typeof PgAdminBody> }>(
    '/api/exports/pgadmin',
    { schema: { body: PgAdminBody }, preValidation: bodyDefaultsToEmpty },
    async (request): Promise<ExportResult> => deps.exports.pgAdmin(request.body),
  );

  app.post(
    '/api/exports/pg-service',
    { schema: { body: PgServiceBody }, preValidation: bodyDefaultsToEmpty },
    async (): Promise<ExportResult> => deps.exports.pgService(),
  );
}
