// One error type for the whole service. Codes are mapped to HTTP status in serve/ and to exit
// codes in cli/, each by an exhaustive switch, so adding a code forces both mappings.

export const ERROR_CODES = [
  'bad_input', // malformed request, bad ref, bad flag value
  'not_found',
  'conflict', // e.g. a different outcome already recorded
  'schema_mismatch', // feature schema or model card does not match
  'payload_too_large',
  'unauthorized',
  'forbidden',
  'no_model',
  'unreachable', // remote server / database cannot be reached
  'git_failed', // git itself failed on a valid request
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const badInput = (message: string, details?: unknown): AppError =>
  new AppError('bad_input', message, details);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
