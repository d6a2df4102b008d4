/**
 * Typed failures shared by every domain. Each kind maps to exactly one HTTP status in
 * `http/errors.ts`; nothing else in the code base decides status codes.
 */

/** Base class: `code` is the stable machine-readable name returned to clients as `error`. */
export abstract class LeviBotError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule; `field` names the offending field (dotted path) when there is one. */
export class ValidationError extends LeviBotError {
  readonly code = 'validation_error';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  /** `ValidationError.field('limit', 'must be between 1 and 1000')` → "limit: must be between 1 and 1000". */
  static forField(field: string, problem: string): ValidationError {
    return new ValidationError(`${field}: ${problem}`, field);
  }
}

export class NotFoundError extends LeviBotError {
  readonly code = 'not_found';
}

/** The request is valid but the current state forbids it (kill-switch on, bot stopped, ...). */
export class ConflictError extends LeviBotError {
  readonly code = 'conflict';
}

export class UnauthorizedError extends LeviBotError {
  readonly code = 'unauthorized';
}

export class ForbiddenError extends LeviBotError {
  readonly code = 'forbidden';
}

export class RateLimitedError extends LeviBotError {
  readonly code = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A backing service (database, broker, exchange) failed or is unreachable. */
export class UnavailableError extends LeviBotError {
  readonly code = 'unavailable';
}

/** Configuration that cannot be used; stops start-up. `variable` is the env var or YAML key. */
export class ConfigError extends LeviBotError {
  readonly code = 'config_error';
  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
  }
}
