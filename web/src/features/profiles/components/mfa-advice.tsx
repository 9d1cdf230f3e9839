import { KeyRound } from 'lucide-react';
import type { ProfileMfa } from '../../../../../shared/api';
import { Command } from '../../../components/command';
import { splitMfaHint } from '../lib/sign-in';

/** A role that needs an MFA code: Porthole cannot ask for it, so the profile says what to run instead. */
export function MfaAdvice({ mfa }: { mfa: ProfileMfa }) {
  const hint = splitMfaHint(mfa.hint);
  return (
    <div className="mfa-advice" data-testid="mfa-advice">
      <KeyRound size={14} aria-hidden />
      <div className="small">
        <p>
          {mfa.message} <span className="muted mono ident">({mfa.serial})</span>
        </p>
        <p>
          {hint.before}
          {hint.command ? <Command value={hint.command} /> : null}
          {hint.after}
        </p>
      </div>
    </div>
  );
}
