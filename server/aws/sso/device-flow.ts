import { PortholeError } from '../../errors.js';
import { sleep, type SsoClock } from './clock.js';
import { OidcError, type TokenGrant } from './oidc-api.js';

// The device-code flow's polling loop (RFC 8628 §3.4–3.5, as botocore's SSOTokenFetcher runs it): one attempt
// at once, then one every `interval` seconds; AuthorizationPending waits, SlowDown adds 5 seconds to the interval,
// an expired code or a denial ends it. Bounded by the code's own expiry, and stoppable.

export interface DevicePoll {
  /** CreateToken with the device code. */
  attempt: () => Promise<TokenGrant>;
  /** Seconds between attempts, as StartDeviceAuthorization said. */
  interval: number;
  /** Epoch ms the device code expires. */
  expiresAt: number;
  clock: SsoClock;
  /** Checked before every attempt: a newer sign-in or the daemon's close ends the loop. */
  cancelled: () => boolean;
  /** How to wait between attempts (default: a timer on `clock`); the caller may cut a wait short. */
  sleep?: (ms: number) => Promise<void>;
}

export async function pollDeviceToken(poll: DevicePoll): Promise<TokenGrant> {
  let interval = Math.max(1, poll.interval);
  for (let attempt = 0; attempt < 10_000; attempt++) {
    if (poll.cancelled()) throw cancelled();
    if (poll.clock.now() >= poll.expiresAt) throw expired();
    try {
      return await poll.attempt();
    } catch (error) {
      if (!(error instanceof OidcError)) throw error;
      if (error.kind === 'slow-down') interval += 5;
      else if (error.kind === 'expired') throw expired();
      else if (error.kind === 'denied') {
        throw new PortholeError('SIGN_IN_DENIED', 'The sign-in was denied in the browser.', {
          hint: 'Start it again and choose Allow.',
          status: 403,
        });
      } else if (error.kind !== 'pending') throw failed(error);
    }
    await (poll.sleep ?? ((ms: number) => sleep(poll.clock, ms)))(interval * 1000);
  }
  throw expired();
}

function expired(): PortholeError {
  return new PortholeError('SIGN_IN_EXPIRED', 'The sign-in code expired before it was approved.', {
    hint: 'Start the sign-in again and approve it in the browser within the time shown.',
    status: 410,
  });
}

function cancelled(): PortholeError {
  return new PortholeError('SIGN_IN_FAILED', 'The sign-in was replaced by a newer one or Porthole is shutting down.', { status: 409 });
}

export function failed(error: OidcError): PortholeError {
  return new PortholeError('SIGN_IN_FAILED', `IAM Identity Center refused the sign-in (${error.awsCode}).`, {
    hint: 'Start the sign-in again; if it keeps failing, check the start URL and region of the profile.',
    status: 502,
  });
}
