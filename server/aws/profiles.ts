import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { ENV_PROFILE, type ProfileKind } from '../../shared/api.js';
import { ssoRefOf, type SsoProfileRef } from './sso/sso-ref.js';

export interface ProfileInfo {
  name: string;
  kind: ProfileKind;
  /** The profile's default region, when it has one. */
  region?: string;
  /** SSO profiles: the sign-in they use (the profile's own settings or its [sso-session]). */
  sso?: SsoProfileRef;
  /** An SSO profile that cannot sign in as configured: why. */
  ssoProblem?: string;
  /** An assume-role profile protected by MFA (`mfa_serial`): Porthole cannot ask for the code. */
  mfaSerial?: string;
}

type Section = Record<string, string | undefined>;

/**
 * The profiles of the shared config and credentials files (AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE honoured), read with the SDK's own loader and re-read on every call
 * so a profile added with `aws configure` shows up at once. Environment credentials appear as the
 * pseudo-profile ENV_PROFILE.
 */
export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileInfo[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    ignoreCache: true,
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
    ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
  });
  const merged = new Map<string, Section>();
  const sessions: Record<string, Section> = {};
  for (const [name, section] of Object.entries(configFile)) {
    // The loader keeps `sso-session.x` and `services.x` sections under prefixed keys.
    if (name.startsWith('sso-session.')) sessions[name.slice('sso-session.'.length)] = section;
    if (name.startsWith('sso-session.') || name.startsWith('services.')) continue;
    merged.set(name, { ...section });
  }
  for (const [name, section] of Object.entries(credentialsFile)) {
    merged.set(name, { ...(merged.get(name) ?? {}), ...section });
  }

  const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  const activeProfile = env.AWS_PROFILE || 'default';
  const profiles: ProfileInfo[] = [...merged].map(([name, section]) => {
    const region = section.region || (name === activeProfile ? envRegion : undefined);
    const kind = profileKind(section);
    const sso = kind === 'sso' ? ssoRefOf(section, sessions) : undefined;
    return {
      name,
      kind,
      ...(region ? { region } : {}),
      ...(sso && 'ref' in sso ? { sso: sso.ref } : {}),
      ...(sso && 'problem' in sso ? { ssoProblem: sso.problem } : {}),
      ...(kind === 'role' && section.mfa_serial ? { mfaSerial: section.mfa_serial } : {}),
    };
  });
  profiles.sort((a, b) => a.name.localeCompare(b.name));

  if (env.AWS_ACCESS_KEY_ID) {
    profiles.unshift(envRegion ? { name: ENV_PROFILE, kind: 'env', region: envRegion } : { name: ENV_PROFILE, kind: 'env' });
  }
  return profiles;
}

/** What kind of credentials a profile section describes, in the order the CLI gives them weight. */
export function profileKind(section: Section): ProfileKind {
  if (section.role_arn) return 'role';
  if (section.sso_session || section.sso_start_url) return 'sso';
  if (section.credential_process) return 'process';
  if (section.aws_access_key_id) return 'static';
  return 'other';
}
