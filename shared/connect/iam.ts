// The AWS CLI call that prints a fresh RDS IAM auth token, for command lines that log in with one.
import { ENV_PROFILE } from '../api.js';
import { shellJoin } from './shell-quote.js';

export interface IamTokenSource {
  /** The RDS endpoint and port: the token is signed for them, never for 127.0.0.1:<local>. */
  rdsHost: string;
  rdsPort: number;
  user: string;
  region?: string;
  /** AWS profile; omitted for the environment pseudo-profile. */
  profile?: string;
}

export function iamTokenArgv(source: IamTokenSource): string[] {
  const argv = ['aws', 'rds', 'generate-db-auth-token', '--hostname', source.rdsHost, '--port', String(source.rdsPort)];
  if (source.region) argv.push('--region', source.region);
  argv.push('--username', source.user);
  if (source.profile && source.profile !== ENV_PROFILE) argv.push('--profile', source.profile);
  return argv;
}

/** `aws rds generate-db-auth-token …`, shell-quoted. */
export function iamTokenCommand(source: IamTokenSource): string {
  return shellJoin(iamTokenArgv(source));
}

/** `NAME="$(aws rds generate-db-auth-token …)"`: a prefix assignment for one command. */
export function iamTokenAssignment(variable: string, source: IamTokenSource): string {
  return `${variable}="$(${iamTokenCommand(source)})"`;
}
