import type { FastifyError, FastifyInstance, FastifySchemaValidationError } from 'fastify';
import type { ApiError, ApiErrorBody } from '../../shared/api.js';
import { isPortholeError, toApiError } from '../errors.js';

/** Fastify's own client errors, renamed into Porthole's stable codes. */
const FASTIFY_CODES: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', message: 'The request body is larger than 64 KiB.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID_JSON', message: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'BAD_REQUEST', message: 'The Content-Length does not match the body.' },
};

export function errorBody(error: ApiError): ApiErrorBody {
  return { error };
}

/**
 * The one place errors become HTTP responses: Porthole errors keep their code and hint, client
 * errors get a stable code, and anything else is a 500 that hides its internals (logged instead).
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isPortholeError(error)) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(error.status).send(errorBody(error.toApiError()));
    }
    if (error.validation) {
      const body: ApiError = {
        code: 'VALIDATION_FAILED',
        message: `Invalid request: ${error.message}`,
        hint: 'Check the request against the API description in the README.',
      };
      const field = invalidField(error.validation[0]);
      if (field) body.field = field;
      return reply.status(400).send(errorBody(body));
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    const status = error.statusCode ?? 500;
    if (known) return reply.status(status).send(errorBody(known));
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (status === 400 && /JSON/i.test(error.message))) {
      return reply.status(400).send(errorBody({ code: 'INVALID_JSON', message: 'The request body is not valid JSON.' }));
    }
    if (status >= 400 && status < 500) {
      return reply.status(status).send(errorBody({ code: 'BAD_REQUEST', message: error.message }));
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send(errorBody(toApiError(error)));
  });

  // The path is not echoed: a 404 body never repeats what a client sent.
  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send(errorBody({ code: 'NOT_FOUND', message: `There is no ${request.method} route at this path.` }));
  });
}

/** The field a schema error is about, dotted ("target.port"); an unknown property names itself. */
function invalidField(issue: FastifySchemaValidationError | undefined): string | undefined {
  if (!issue) return undefined;
  const path = issue.instancePath.split('/').filter(Boolean);
  const extra = (issue.params as { additionalProperty?: unknown }).additionalProperty;
  if (typeof extra === 'string') path.push(extra);
  const missing = (issue.params as { missingProperty?: unknown }).missingProperty;
  if (typeof missing === 'string') path.push(missing);
  return path.length > 0 ? path.join('.') : undefined;
}
