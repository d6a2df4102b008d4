/**
 * Who may call a secured route or open a stream: an API key (`X-API-Key` header or `api_key`
 * query) or an HS256 JWT (`token` query or `Authorization: Bearer`, signed with JWT_SECRET, `exp`
 * required and checked). Authentication is on as soon as API_KEYS or JWT_SECRET is set. Admins:
 * ADMIN_API_KEYS (every API key when none is set) and JWTs with `"role": "admin"`.
 * The REST guard and the gateway both use this class, so both accept the same credentials.
 */
import { createHash } from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';
import { ForbiddenError, UnauthorizedError } from '../shared/errors.js';

export interface AuthSettings {
  API_KEYS: string[];
  ADMIN_API_KEYS: string[];
  JWT_SECRET: string;
}

export interface Principal {
  /** How the caller proved who it is; `open` when authentication is off. */
  via: 'open' | 'api_key' | 'jwt';
  /** May call admin routes (POST /ws/broadcast, configuration and risk-policy changes). */
  admin: boolean;
  /** The JWT subject, when there is one. */
  subject?: string;
}

/** Where credentials can come from: a request's headers and parsed query. */
export interface Credentials {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
}

const digest = (key: string) => createHash('sha256').update(key).digest('hex');

function single(value: unknown): string | undefined {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export class Authenticator {
  /** Keys are compared by digest so that a lookup's timing says nothing about the stored keys. */
  private readonly keys: Set<string>;
  private readonly adminKeys: Set<string>;
  private readonly secret: Uint8Array | null;

  constructor(settings: AuthSettings) {
    this.keys = new Set(settings.API_KEYS.map(digest));
    const admins = settings.ADMIN_API_KEYS.length > 0 ? settings.ADMIN_API_KEYS : settings.API_KEYS;
    this.adminKeys = new Set(admins.map(digest));
    for (const key of this.adminKeys) this.keys.add(key);
    this.secret = settings.JWT_SECRET !== '' ? new TextEncoder().encode(settings.JWT_SECRET) : null;
  }

  get enabled(): boolean {
    return this.keys.size > 0 || this.secret !== null;
  }

  /** Resolves with the caller, or rejects with UnauthorizedError saying what was wrong. */
  async authenticate(credentials: Credentials): Promise<Principal> {
    if (!this.enabled) return { via: 'open', admin: true };
    const key = single(credentials.headers['x-api-key']) ?? single(credentials.query.api_key);
    if (key !== undefined) {
      const hashed = digest(key);
      if (!this.keys.has(hashed)) throw new UnauthorizedError('api key not accepted');
      return { via: 'api_key', admin: this.adminKeys.has(hashed) };
    }
    const bearer = single(credentials.headers.authorization)?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const token = single(credentials.query.token) ?? bearer;
    if (token !== undefined) return this.verifyToken(token);
    throw new UnauthorizedError('credentials required: X-API-Key header, api_key or token query parameter');
  }

  /** Like `authenticate`, and the caller must be an admin (ForbiddenError otherwise). */
  async authenticateAdmin(credentials: Credentials): Promise<Principal> {
    const principal = await this.authenticate(credentials);
    if (!principal.admin) throw new ForbiddenError('an admin key is required');
    return principal;
  }

  private async verifyToken(token: string): Promise<Principal> {
    if (this.secret === null) throw new UnauthorizedError('token not accepted: JWT_SECRET is not set');
    try {
      const { payload } = await jwtVerify(token, this.secret, {
        algorithms: ['HS256'],
        requiredClaims: ['exp'],
      });
      const principal: Principal = { via: 'jwt', admin: payload.role === 'admin' };
      if (payload.sub !== undefined) principal.subject = payload.sub;
      return principal;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        throw new UnauthorizedError('token expired', { cause: error });
      throw new UnauthorizedError('token not accepted', { cause: error });
    }
  }
}
