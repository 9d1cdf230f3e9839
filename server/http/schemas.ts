import { Type } from '@sinclair/typebox';

// The request vocabulary every route validates against: strict shapes (no coercion, no unknown
// properties, set in app.ts), bounded lengths, and no control characters in anything a user may see.

/** Printable text: no C0/C1 control characters or DEL, which would forge log lines or hide in the UI. */
export function SafeText(maxLength: number, minLength = 1) {
  return Type.String({ minLength, maxLength, pattern: `^[^\\u0000-\\u001f\\u007f-\\u009f]${minLength === 0 ? '*' : '+'}$` });
}

/** An AWS region name such as us-east-1, eu-central-2 or us-gov-west-1. */
export const RegionSchema = Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$', maxLength: 32 });

/** A profile name as written in ~/.aws/config; whether Porthole lists it is checked by the route. */
export const ProfileNameSchema = SafeText(128);

/** An SSM managed node: an EC2 instance (i- + 8 or 17 hex digits) or a hybrid node (mi- + 17). */
export const JumpHostIdSchema = Type.String({ pattern: '^(i-([0-9a-f]{8}|[0-9a-f]{17})|mi-[0-9a-f]{17})$', maxLength: 20 });

/** A tunnel id as Porthole makes them (t- + hex), or any short id of safe characters. */
export const TunnelIdSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

/** A discovered target's id, `<profile>:<region>:<kind>:<identifier>`. */
export const TargetIdSchema = SafeText(512);

/** A DNS name or IP literal, nothing else. */
export const HostSchema = Type.String({
  minLength: 1,
  maxLength: 253,
  pattern: '^[A-Za-z0-9]([A-Za-z0-9._:-]*[A-Za-z0-9.])?$|^\\[[0-9A-Fa-f:.]+\\]$',
});

/** A port on the remote side (the database's): any valid TCP port. */
export const RemotePortSchema = Type.Integer({ minimum: 1, maximum: 65535 });

/** A local port Porthole may bind: unprivileged only; 0 means "choose one". */
export const LocalPortSchema = Type.Union([Type.Literal(0), Type.Integer({ minimum: 1024, maximum: 65535 })]);

/** Sessions a tunnel spreads its clients over (issue 17): a whole number from 1 to 4. */
export const ParallelSessionsSchema = Type.Integer({ minimum: 1, maximum: 4 });

/** An engine name as RDS spells it (postgres, aurora-mysql, mariadb, …). */
export const EngineSchema = Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$' });

/** The body of a route that takes none: absent, `null` or `{}` (what the dashboard sends with every POST). */
export const EmptyBody = Type.Union([Type.Null(), Type.Object({}, { additionalProperties: false })]);
