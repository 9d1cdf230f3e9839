import { Type, type Static } from '@sinclair/typebox';

// config.json: the user's saved tunnels and settings. Validated on load; unknown keys are kept
// out by `additionalProperties: false` only where a typo would silently change behaviour.

export const TunnelTargetRefSchema = Type.Object({
  id: Type.Optional(Type.String({ maxLength: 512 })),
  host: Type.String({ minLength: 1, maxLength: 255 }),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  name: Type.String({ minLength: 1, maxLength: 255 }),
  engine: Type.Optional(Type.String({ maxLength: 64 })),
  iamAuth: Type.Optional(Type.Boolean()),
  masterUsername: Type.Optional(Type.String({ maxLength: 128 })),
  dbName: Type.Optional(Type.String({ maxLength: 128 })),
  masterSecretArn: Type.Optional(Type.String({ maxLength: 2048 })),
});

export const TunnelSpecSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 255 }),
  profile: Type.String({ minLength: 1, maxLength: 128 }),
  region: Type.String({ minLength: 1, maxLength: 32 }),
  target: TunnelTargetRefSchema,
  jumpHostId: Type.String({ minLength: 1, maxLength: 64 }),
  localPort: Type.Integer({ minimum: 1, maximum: 65535 }),
  lazy: Type.Boolean(),
  autoStart: Type.Boolean(),
  idleMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 24 * 60 })),
  stoppedByUser: Type.Optional(Type.Boolean()),
  user: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  database: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  /** Sessions the relay spreads new clients over (absent: 1). */
  parallelSessions: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
});

export const SettingsSchema = Type.Object({
  /** Regions picked per profile; a profile not listed uses its default region. */
  regions: Type.Record(Type.String(), Type.Array(Type.String({ maxLength: 32 }), { maxItems: 64 })),
  /** Minutes without a client connection before a lazy tunnel ends its session. */
  idleMinutes: Type.Number({ exclusiveMinimum: 0, maximum: 24 * 60 }),
  /** Minutes between deep health probes of an open tunnel. */
  probeIntervalMinutes: Type.Number({ exclusiveMinimum: 0, maximum: 24 * 60 }),
  /** Extra PEM files trusted for database TLS, on top of the RDS CA bundle. */
  caBundlePaths: Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 32 }),
  /** Last local port used per target id, so a target comes back on the same port. */
  lastPorts: Type.Record(Type.String(), Type.Integer({ minimum: 1, maximum: 65535 })),
});

/** The IAM Identity Center sign-in an sso-account source uses (copied from the profile it was added from). */
export const SsoLoginSchema = Type.Object({
  sessionName: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\]\\[\\r\\n]+$' })),
  startUrl: Type.String({ minLength: 1, maxLength: 1024, pattern: '^https?://[^\\s]+$' }),
  region: Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9-]+$' }),
  scopes: Type.Optional(Type.Array(Type.String({ maxLength: 128, pattern: '^[^,\\s]+$' }), { maxItems: 16 })),
});

/** An account/role pair a sign-in grants, usable as a profile without editing ~/.aws/config (kind sso-account). */
export const SsoAccountSchema = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$' }),
  accountId: Type.String({ pattern: '^[0-9]{12}$' }),
  accountName: Type.Optional(Type.String({ maxLength: 128 })),
  roleName: Type.String({ pattern: '^[A-Za-z0-9+=,.@_-]{1,64}$' }),
  region: Type.Optional(Type.String({ maxLength: 32, pattern: '^[a-z0-9-]+$' })),
  sourceProfile: Type.String({ minLength: 1, maxLength: 128 }),
  login: SsoLoginSchema,
});

export const ConfigSchema = Type.Object({
  version: Type.Literal(1),
  tunnels: Type.Array(TunnelSpecSchema, { maxItems: 1000 }),
  settings: SettingsSchema,
  /** Optional so files written before issue 13 still load (defaultConfig fills it). */
  ssoAccounts: Type.Optional(Type.Array(SsoAccountSchema, { maxItems: 500 })),
});

export type Config = Static<typeof ConfigSchema>;
export type Settings = Static<typeof SettingsSchema>;
export type SsoAccountEntry = Static<typeof SsoAccountSchema>;

export function defaultConfig(): Config {
  return {
    version: 1,
    tunnels: [],
    settings: { regions: {}, idleMinutes: 15, probeIntervalMinutes: 10, caBundlePaths: [], lastPorts: {} },
    ssoAccounts: [],
  };
}
