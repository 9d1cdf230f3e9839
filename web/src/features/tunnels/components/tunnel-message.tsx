import type { Tunnel } from '../../../../../shared/api';
import { Hint } from '../../../components/error-note';
import { credentialWords, isCredentialError, isPluginMissing } from '../../../lib/error-home';
import { reveal } from '../../../lib/reveal';
import { cardMessage, LAYER_LABEL } from '../lib/tunnel-state';

/**
 * The one sentence a card says about its tunnel, with what to do. A failure explained elsewhere (the profile's
 * sign-in, the missing plugin) links there instead of repeating it.
 */
export function TunnelMessage({ tunnel: t, hostName }: { tunnel: Tunnel; hostName?: string }) {
  const message = cardMessage(t, hostName);
  const { error } = message;
  return (
    <div className={`tunnel-message${error ? ' is-error' : ''}`}>
      <p className="tunnel-reason" data-testid="tunnel-reason">
        {message.layer ? <strong>Fails at “{LAYER_LABEL[message.layer]}”: </strong> : null}
        {message.text}
      </p>
      {error && isCredentialError(error) ? (
        <p className="small">
          Profile {t.profile} {credentialWords(error)}.{' '}
          <button type="button" className="link" onClick={() => reveal({ kind: 'profile', name: t.profile })}>
            Show profile {t.profile}
          </button>
        </p>
      ) : error && isPluginMissing(error) ? (
        <p className="small">
          <a href="#plugin-warning">How to install the plugin</a> (top of the page)
        </p>
      ) : error?.hint ? (
        <p className="small">
          <Hint hint={error.hint} />
        </p>
      ) : null}
    </div>
  );
}
