import { CircleCheck, CircleDashed } from 'lucide-react';
import { ErrorNote } from '../../../components/error-note';
import { formatRelative } from '../../../lib/format';
import type { CredentialView } from '../lib/credential-view';

/**
 * The profile's credentials in words: the one place an expired login or missing credentials is explained, with
 * the command that fixes it (other places link here).
 */
export function CredentialState({ view, now }: { view: CredentialView; now: number }) {
  switch (view.kind) {
    case 'unknown':
      return (
        <p className="cred cred-unknown">
          <CircleDashed size={14} aria-hidden /> Not tried yet: add a region or check the credentials.
        </p>
      );
    case 'failed':
      return <ErrorNote error={view.error} />;
    case 'works':
      return (
        <p className="cred cred-ok">
          <CircleCheck size={14} aria-hidden /> Credentials work (listed {view.region} {formatRelative(view.at, now)})
        </p>
      );
    case 'signed-in': {
      const arnTail = view.arn.split(':').slice(5).join(':') || view.arn;
      return (
        <div className="cred cred-ok">
          <p>
            <CircleCheck size={14} aria-hidden /> Signed in to account <strong>{view.account}</strong>
          </p>
          <p className="muted small mono ident">{arnTail}</p>
          {view.expiresAt ? <p className="muted small">Credentials expire {formatRelative(view.expiresAt, now)}</p> : null}
        </div>
      );
    }
  }
}
