import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorCode } from '../core/shared/errors.ts';
import { isDependencyOutage, OUTAGE_RETRY_AFTER_SECONDS } from './dependency-outage.ts';
import { DEAL_PAGE_PATH, SHORT_LINK_PATH, STOREFRONT_PATH } from '../core/links/short-link.ts';

/** Paths people open in a browser: a mangled one gets a page, not JSON. */
const PAGE_PATHS = [SHORT_LINK_PATH, DEAL_PAGE_PATH, STOREFRONT_PATH];
import { renderNotFoundPage } from './redirect/preview-page.ts';

const NOT_FOUND_PAGE = renderNotFoundPage();

const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  validation_failed: 400,
  invalid_amount: 400,
  unknown_currency: 400,
  refund_exceeds_amount: 422,
  not_found: 404,
  conflict: 409,
  idempotency_conflict: 409,
  unauthorized: 401,
  unknown_key: 401,
  invalid_signature: 401,
  stale_signature: 401,
  forbidden: 403,
  csrf_failed: 403,
  rate_limited: 429,
  busy: 503,
};

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** A domain error as HTTP; also for plugins with their own error handler (Bull Board). */
export function sendDomainError(reply: FastifyReply, error: DomainError): FastifyReply {
  const retryAfter = error.details?.retryAfterSeconds;
  if (error.code === 'rate_limited' && typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply.status(STATUS_BY_CODE[error.code]).send(body(error.code, error.message, error.details));
}

/** The one place where errors become HTTP: `{error: {code, message, details?}}`, never a stack trace. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError | Error, request, reply) => {
    if (error instanceof DomainError) return sendDomainError(reply, error);
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      const details = fastifyError.validation.map((v) => ({
        field: (v.instancePath || '/').replace(/^\//, '').replace(/\//g, '.') || (v.params as { missingProperty?: string })?.missingProperty || '(body)',
        problem: v.message,
        ...(v.params && (v.params as { missingProperty?: string }).missingProperty ? { missing: (v.params as { missingProperty?: string }).missingProperty } : {}),
      }));
      return reply.status(400).send(body('validation_failed', `Invalid ${fastifyError.validationContext ?? 'request'}: ${fastifyError.message}`, details));
    }
    const status = fastifyError.statusCode;
    if (status && status >= 400 && status < 500) {
      const code = CODE_BY_FASTIFY_ERROR[fastifyError.code] ?? 'bad_request';
      return reply.status(status).send(body(code, fastifyError.message));
    }
    if (isDependencyOutage(error)) {
      // Nothing was taken: the caller sends the same request again (a vendor's postback keeps its order id).
      request.log.warn({ err: error }, 'a dependency is unreachable; answered 503');
      return reply.status(503).header('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS))
        .send(body('unavailable', `Temporarily unavailable; nothing was recorded. Send the same request again in ${OUTAGE_RETRY_AFTER_SECONDS} s.`));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body('internal_error', 'Something went wrong on our side; it has been logged.'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('not_found', `No route ${request.method} ${request.url.split('?')[0]}`));
  });
}

/**
 * Fastify's router refuses some URLs before any hook or error handler runs: a broken percent
 * escape (`/api/v1/admin/brands/%`) and a path parameter past 100 characters. Handed to
 * Fastify as `frameworkErrors`, this answers them in our shape instead of Fastify's own.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = FRAMEWORK_ERRORS[error.code];
  // A mangled short link is tapped by a person, not read by a program: the page a link that leads nowhere gets.
  if (known && PAGE_PATHS.some((path) => request.url.startsWith(`${path}/`))) {
    return reply.status(404).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_FOUND_PAGE);
  }
  if (known) return reply.status(known.status).send(body(known.code, known.message));
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return reply.status(error.statusCode).send(body('bad_request', error.message));
  request.log.error({ err: error }, 'unhandled framework error');
  return reply.status(500).send(body('internal_error', 'Something went wrong on our side; it has been logged.'));
}

const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_BAD_URL: { status: 400, code: 'bad_url', message: 'The URL is not valid: each % must start an escape such as %20, and escapes must spell UTF-8' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'uri_too_long', message: 'A part of the URL is longer than 100 characters' },
};

const CODE_BY_FASTIFY_ERROR: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

function body(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
