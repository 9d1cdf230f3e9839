// The AWS side of the kit as AWS CLI command text for the user to run: Porthole itself changes
// nothing in AWS. Commands follow AWS's Client VPN mutual-authentication guide:
// `aws acm import-certificate` and `aws ec2 import-client-vpn-client-certificate-revocation-list`.
import { CertKitError } from './cert-kit-error.js';

export interface AwsCliCommand {
  /** The argument vector, for a UI that renders or copies it without a shell. */
  argv: string[];
  /** One line for a POSIX shell (bash, zsh), every argument quoted where it needs to be. */
  text: string;
  /** What the command does, in a sentence. */
  purpose: string;
}

export interface AwsCliContext {
  region?: string;
  profile?: string;
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one argument for a POSIX shell; plain words stay as they are. */
export function shellQuote(arg: string): string {
  if (SAFE_WORD.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const PROFILE = /^[A-Za-z0-9_.@+-]{1,128}$/;
const ENDPOINT_ID = /^cvpn-endpoint-[0-9A-Za-z]{1,64}$/;

function contextArgs(context: AwsCliContext): string[] {
  const args: string[] = [];
  if (context.region !== undefined) {
    if (!REGION.test(context.region)) throw new CertKitError('KIT_OPTION_INVALID', 'That is not an AWS region name, like eu-west-1.');
    args.push('--region', context.region);
  }
  if (context.profile !== undefined) {
    if (!PROFILE.test(context.profile)) throw new CertKitError('KIT_OPTION_INVALID', 'That is not an AWS profile name.');
    args.push('--profile', context.profile);
  }
  return args;
}

function command(argv: string[], purpose: string): AwsCliCommand {
  return { argv, text: argv.map(shellQuote).join(' '), purpose };
}

function absolute(path: string): string {
  if (!path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path)) {
    throw new CertKitError('KIT_OPTION_INVALID', 'File paths in AWS CLI commands must be absolute.');
  }
  return path;
}

export interface ImportCertificateFiles {
  certPath: string;
  keyPath: string;
  caPath: string;
}

/**
 * Imports a certificate, its key and the CA chain into ACM (`fileb://`: ACM takes the PEM bytes as
 * they are). Needed for the server certificate; a client certificate only when its CA differs from
 * the server's, which is never the case within one kit.
 */
export function acmImportCommand(files: ImportCertificateFiles, context: AwsCliContext = {}): AwsCliCommand {
  return command(
    [
      'aws',
      'acm',
      'import-certificate',
      '--certificate',
      `fileb://${absolute(files.certPath)}`,
      '--private-key',
      `fileb://${absolute(files.keyPath)}`,
      '--certificate-chain',
      `fileb://${absolute(files.caPath)}`,
      ...contextArgs(context),
    ],
    'Imports the certificate and its key into AWS Certificate Manager; the output is the ARN the Client VPN endpoint uses.',
  );
}

/** Uploads the kit's CRL to a Client VPN endpoint; it replaces the endpoint's previous CRL. */
export function importCrlCommand(endpointId: string, crlPath: string, context: AwsCliContext = {}): AwsCliCommand {
  if (!ENDPOINT_ID.test(endpointId)) {
    throw new CertKitError('KIT_OPTION_INVALID', 'That is not a Client VPN endpoint id, like cvpn-endpoint-0123456789abcdef0.');
  }
  return command(
    [
      'aws',
      'ec2',
      'import-client-vpn-client-certificate-revocation-list',
      '--client-vpn-endpoint-id',
      endpointId,
      '--certificate-revocation-list',
      `file://${absolute(crlPath)}`,
      ...contextArgs(context),
    ],
    'Uploads the revocation list to the Client VPN endpoint; revoked clients can no longer connect.',
  );
}
