/** Settings of the server itself and of the event store. */
import { boolean, integer, list, oneOf, string } from './settings.js';

export const CORE_SETTINGS = {
  PORT: integer(8000, 'HTTP port', { min: 0, max: 65535 }),
  HOST: string('127.0.0.1', 'Interface to listen on'),
  DATA_DIR: string('./data', 'Folder of the embedded databases and the signal model'),
  LOG_LEVEL: oneOf('info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'Log level', {
    tunable: true,
  }),
  TRUST_PROXY: boolean(false, 'Take the client IP from X-Forwarded-For (set behind nginx or another proxy)'),
  CORS_ORIGINS: list(['http://localhost:5173'], 'Origins allowed by CORS (CSV); * allows any'),
  BODY_LIMIT_BYTES: integer(16 * 1024 * 1024, 'Largest accepted request body', { min: 1024 }),
  API_KEYS: list([], 'API keys (CSV). When set, secured routes and streams need one', { secret: true }),
  ADMIN_API_KEYS: list([], 'Keys allowed to call admin routes (CSV); defaults to every API key', {
    secret: true,
  }),
  JWT_SECRET: string('', 'HS256 secret for JWTs accepted instead of an API key', { secret: true }),
  EVENT_RETENTION_DAYS: integer(
    60,
    'Events older than this are deleted',
    { min: 1, max: 3650 },
    { tunable: true },
  ),
  STORE_SYNC: oneOf(
    'full',
    ['full', 'normal'],
    'SQLite durability: full fsyncs each commit, normal survives a crash',
  ),
  DATABASE_URL: string('', 'postgres:// URL: use PostgreSQL instead of SQLite', {
    secret: true,
    pattern: /^postgres(?:ql)?:\/\//,
    hint: 'a postgres:// URL',
  }),
  DATABASE_SCHEMA: string('public', 'PostgreSQL schema holding LeviBot tables', {
    pattern: /^[a-z_][a-z0-9_]{0,62}$/,
    hint: 'a lower-case SQL identifier',
  }),
  REDIS_URL: string('', 'redis:// URL: use Redis Streams as the bus', {
    secret: true,
    pattern: /^rediss?:\/\//,
    hint: 'a redis:// URL',
  }),
  REDIS_PREFIX: string('levibot:', 'Prefix of every Redis key (bus stream, rate-limit buckets)', {
    pattern: /^[A-Za-z0-9:_.-]{1,64}$/,
    hint: 'letters, digits and :_.-',
  }),
  START_RUNNING: boolean(true, 'Start with the bot running (signals routed, orders accepted)'),
};
