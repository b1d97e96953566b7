// The one place AppError codes become HTTP statuses, and the one error envelope.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, isAppError, type ErrorCode } from '../errors.ts';
import type { Logger } from '../log.ts';

export function statusFor(code: ErrorCode): ContentfulStatusCode {
  switch (code) {
    case 'bad_input':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'schema_mismatch':
      return 422;
    case 'internal':
    case 'git_failed':
      return 500;
    case 'unreachable':
      return 502;
    case 'no_model':
      return 503;
  }
}

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: unknown; requestId: string };
}

export function envelope(e: AppError, requestId: string): ErrorEnvelope {
  const error: ErrorEnvelope['error'] = { code: e.code, message: e.message, requestId };
  if (e.details !== undefined) error.details = e.details;
  return { error };
}

export function errorResponse(c: Context, e: AppError): Response {
  const requestId = (c.get('requestId' as never) as string | undefined) ?? 'unknown';
  return c.json(envelope(e, requestId), statusFor(e.code));
}

/** Unknown errors are logged with their stack and answered without one. */
export function toAppError(err: unknown, log: Logger, requestId: string): AppError {
  if (isAppError(err)) return err;
  log.error('unhandled error', {
    requestId,
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
  return new AppError('internal', 'internal error');
}
