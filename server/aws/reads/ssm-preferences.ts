import { GetDocumentCommand } from '@aws-sdk/client-ssm';
import type { SessionPreferences } from '../../../shared/diagnosis.js';
import type { AwsClients } from '../clients.js';
import { mapAwsError } from '../errors.js';
import type { ReadScope } from './types.js';

// Session Manager preferences: the account's `SSM-SessionManagerRunShell` document in this region
// (facts-aws-paths.md A3). Its Content is a JSON string parsed a second time, leniently: booleans and minutes
// come as strings or numbers, and "" means unset.

export const PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';

/** What AWS assumes without the document: 20 idle minutes, no maximum, no KMS. */
export const DEFAULT_PREFERENCES: SessionPreferences = { source: 'defaults', idleTimeoutMinutes: 20 };

/** ssm:GetDocument; a missing document (InvalidDocument) means AWS's defaults apply. */
export async function readSessionPreferences(aws: AwsClients, scope: ReadScope): Promise<SessionPreferences> {
  const ssm = aws.ssm(scope.profile, scope.region);
  try {
    const reply = await ssm.send(new GetDocumentCommand({ Name: PREFERENCES_DOCUMENT, DocumentFormat: 'JSON' }));
    return parsePreferences(reply.Content ?? '');
  } catch (error) {
    if ((error as { name?: string }).name === 'InvalidDocument') return DEFAULT_PREFERENCES;
    throw mapAwsError(error, { profile: scope.profile, region: scope.region, action: 'ssm:GetDocument' });
  }
}

/** The document's inputs as Porthole uses them; anything unreadable falls back to the default. */
export function parsePreferences(content: string): SessionPreferences {
  let inputs: Record<string, unknown> = {};
  try {
    const document = JSON.parse(content) as { inputs?: unknown };
    if (document.inputs && typeof document.inputs === 'object') inputs = document.inputs as Record<string, unknown>;
  } catch {
    return { ...DEFAULT_PREFERENCES, source: 'document' };
  }
  const idle = minutes(inputs.idleSessionTimeout, 1, 60);
  const max = minutes(inputs.maxSessionDuration, 1, 1440);
  const kms = typeof inputs.kmsKeyId === 'string' && inputs.kmsKeyId.trim() !== '' ? inputs.kmsKeyId.trim() : undefined;
  return {
    source: 'document',
    idleTimeoutMinutes: idle ?? DEFAULT_PREFERENCES.idleTimeoutMinutes,
    ...(max !== undefined ? { maxDurationMinutes: max } : {}),
    ...(kms ? { kmsKeyId: kms } : {}),
  };
}

function minutes(value: unknown, min: number, max: number): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isInteger(number) && number >= min && number <= max ? number : undefined;
}
