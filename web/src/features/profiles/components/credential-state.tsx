import { CircleCheck, CircleDashed } from 'lucide-react';
import type { ProfileCheck } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { formatRelative } from '../../../lib/format';

/** What the last check said about a profile's credentials, in words. */
export function CredentialState({ check, now }: { check?: ProfileCheck; now: number }) {
  if (!check) {
    return (
      <p className="cred cred-unknown">
        <CircleDashed size={14} aria-hidden /> Credentials not checked yet
      </p>
    );
  }
  if (!check.ok) return <ErrorNote error={check.error} />;
  const arnTail = check.arn.split(':').slice(5).join(':') || check.arn;
  return (
    <div className="cred cred-ok">
      <p>
        <CircleCheck size={14} aria-hidden /> Signed in to account <strong>{check.account}</strong>
      </p>
      <p className="muted small mono truncate" title={check.arn}>
        {arnTail}
      </p>
      {check.expiresAt ? <p className="muted small">Credentials expire {formatRelative(check.expiresAt, now)}</p> : null}
    </div>
  );
}
