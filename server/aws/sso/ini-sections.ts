// AWS config sections Porthole writes: the `[profile …]` (+ `[sso-session …]`) snippet a user can paste into
// ~/.aws/config, Porthole's own config file for sso-account sources, and the plugin's config file.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../config/files.js';
import type { SsoProfileRef } from './sso-ref.js';

export interface SectionProfile {
  name: string;
  ref: SsoProfileRef & { accountId: string; roleName: string };
  region?: string;
}

/** A value safe on one INI line: no line break (the sources are validated; this is the last guard). */
function value(text: string): string {
  if (/[\r\n]/.test(text)) throw new Error('refusing to write a line break into an AWS config file');
  return text;
}

function lines(entries: [string, string | undefined][]): string {
  return entries
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, text]) => `${key} = ${value(text)}`)
    .join('\n');
}

function sessionSection(ref: SsoProfileRef): string {
  const { login } = ref;
  return `[sso-session ${value(login.sessionName ?? '')}]\n${lines([
    ['sso_start_url', login.startUrl],
    ['sso_region', login.region],
    ['sso_registration_scopes', login.scopes?.join(', ')],
  ])}\n`;
}

/**
 * The profile as the CLI's `aws configure sso` writes it: `sso_session` with its `[sso-session]` section, or
 * (`legacy`, or a login without a session) sso_start_url and sso_region in the profile itself.
 */
function profileSection(profile: SectionProfile, legacy: boolean): string {
  const { login, accountId, roleName } = profile.ref;
  const sso: [string, string | undefined][] =
    login.sessionName && !legacy
      ? [['sso_session', login.sessionName]]
      : [
          ['sso_start_url', login.startUrl],
          ['sso_region', login.region],
        ];
  return `[profile ${value(profile.name)}]\n${lines([...sso, ['sso_account_id', accountId], ['sso_role_name', roleName], ['region', profile.region]])}\n`;
}

/** The snippet for ~/.aws/config: the profile, and its session section when it uses one. */
export function configSnippet(profile: SectionProfile): string {
  const parts = [profileSection(profile, false)];
  if (profile.ref.login.sessionName) parts.push(sessionSection(profile.ref));
  return parts.join('\n');
}

/** Several profiles in session form, each session section once (Porthole's own config for sso-account sources). */
export function sessionConfigText(profiles: SectionProfile[]): string {
  const sessions = new Map<string, string>();
  for (const profile of profiles) {
    if (profile.ref.login.sessionName) sessions.set(profile.ref.login.sessionName, sessionSection(profile.ref));
  }
  return `${HEADER}${[...profiles.map((profile) => profileSection(profile, false)), ...sessions.values()].join('\n')}`;
}

/**
 * Every profile in legacy form. The session-manager-plugin resolves credentials with aws-sdk-go v1, which
 * does not read `[sso-session]` sections (aws/session-manager-plugin#58); in legacy form it reads the token
 * file named after the start URL, which Porthole keeps in step with the session's.
 */
export function legacyConfigText(profiles: SectionProfile[]): string {
  return `${HEADER}${profiles.map((profile) => profileSection(profile, true)).join('\n')}`;
}

const HEADER = '# Written by Porthole; changes are overwritten. Your own profiles live in ~/.aws/config.\n\n';

/** Writes the file (0600, atomically) unless it already holds exactly this text. */
export async function writeIfChanged(path: string, text: string): Promise<boolean> {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === text) return false;
  await writeFileAtomic(path, text);
  return true;
}
