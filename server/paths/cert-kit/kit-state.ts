// kit.json: what the kit must remember to revoke later (serials, CRL number), kept in the folder the
// user picked, beside the CA key, never in Porthole's own config. Validated on every load.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CertKitError } from './cert-kit-error.js';
import { REVOCATION_REASONS, type LeafKind } from './certificates.js';

export const KIT_FILE = 'kit.json';
export const CA_CERT_FILE = 'ca.crt';
export const CA_KEY_FILE = 'ca.key';
export const CRL_FILE = 'crl.pem';

const Iso = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z$' });
const Serial = Type.String({ pattern: '^[0-9a-f]{2,40}$' });
const FileName = Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{0,280}$' });

const KitCertificateSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('server'), Type.Literal('client')]),
    name: Type.String({ minLength: 1, maxLength: 253 }),
    serial: Serial,
    issuedAt: Iso,
    notAfter: Iso,
    certFile: FileName,
    keyFile: FileName,
    revokedAt: Type.Optional(Iso),
    reason: Type.Optional(Type.Union(REVOCATION_REASONS.map((reason) => Type.Literal(reason)))),
  },
  { additionalProperties: false },
);

const KitStateSchema = Type.Object(
  {
    format: Type.Literal('porthole-cert-kit'),
    version: Type.Literal(1),
    /** Bumped on every save, so two writers cannot silently undo each other. */
    revision: Type.Integer({ minimum: 1 }),
    createdAt: Iso,
    ca: Type.Object(
      { commonName: Type.String({ minLength: 1, maxLength: 64 }), serial: Serial, notAfter: Iso },
      { additionalProperties: false },
    ),
    crl: Type.Optional(
      Type.Object({ number: Type.Integer({ minimum: 1 }), thisUpdate: Iso, nextUpdate: Iso }, { additionalProperties: false }),
    ),
    certificates: Type.Array(KitCertificateSchema, { maxItems: 100_000 }),
  },
  { additionalProperties: false },
);

export type KitCertificate = Static<typeof KitCertificateSchema>;
export type KitState = Static<typeof KitStateSchema>;

/** Parses kit.json; anything that does not match the schema is KIT_INVALID (the file is left as it is). */
export function parseKitState(text: string): KitState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CertKitError('KIT_INVALID', `${KIT_FILE} is not valid JSON.`, { cause: error, hint: HINT_INVALID });
  }
  if (!Value.Check(KitStateSchema, value)) {
    const first = Value.Errors(KitStateSchema, value).First();
    const where = first ? ` at ${first.path || '/'}: ${first.message}` : '';
    throw new CertKitError('KIT_INVALID', `${KIT_FILE} does not look like a Porthole certificate kit${where}.`, {
      hint: HINT_INVALID,
    });
  }
  return value;
}

const HINT_INVALID = 'Restore kit.json from a backup; Porthole does not repair or replace it.';

export function serializeKitState(state: KitState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

// DNS-style names: they become subject CNs, a server's SAN and file names, so nothing else gets in.
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const NAME_PATTERN = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const CA_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

/**
 * A certificate name: DNS labels, lower-cased (two names that differ only in case would share a file
 * on macOS). A server name is also its SAN DNS name; AWS's guide uses `server`, which is accepted.
 */
export function normalizeName(raw: string): string {
  const name = raw.trim().toLowerCase();
  if (name.length > 253 || !NAME_PATTERN.test(name)) {
    throw new CertKitError(
      'KIT_NAME_INVALID',
      'A certificate name is made of letters, digits, hyphens and dots, like vpn.example.com or alice.',
      {
        hint: 'Use a DNS-style name (at most 253 characters).',
      },
    );
  }
  return name;
}

export function checkCaName(raw: string): string {
  const name = raw.trim();
  if (!CA_NAME_PATTERN.test(name)) {
    throw new CertKitError('KIT_NAME_INVALID', 'A CA name is 1 to 64 letters, digits, spaces, dots, hyphens or underscores.');
  }
  return name;
}

export function leafFiles(kind: LeafKind, name: string): { certFile: string; keyFile: string } {
  return { certFile: `${kind}-${name}.crt`, keyFile: `${kind}-${name}.key` };
}
