import type { ProfileCredentials } from '../../../../../shared/api';
import { Countdown } from '../../../components/countdown';
import { msUntil } from '../../../lib/format';
import { useOnline } from '../../../lib/link';

/** When the credentials Porthole resolved for the profile expire, and whether they renew by themselves. */
export function CredentialsLine({ credentials, now }: { credentials: ProfileCredentials; now: number }) {
  const online = useOnline();
  const left = msUntil(credentials.expiresAt, now);
  if (!credentials.expiresAt || left === undefined) return null;
  if (!online) return <p className="muted small">Credentials: unknown while Porthole is not answering.</p>;
  const renew = credentials.renewable ? 'renewed by themselves' : 'not renewed by themselves';
  return (
    <p className="muted small" data-testid="credentials-expiry">
      {left > 0 ? (
        <>
          Credentials expire in <Countdown to={credentials.expiresAt} testId="credentials-countdown" ended="0:00" />; {renew}
        </>
      ) : (
        <>Credentials expired{credentials.renewable ? '; new ones are fetched on the next use' : ''}</>
      )}
    </p>
  );
}
