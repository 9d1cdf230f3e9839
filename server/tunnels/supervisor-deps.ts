import type { SessionLimits, TunnelSpec } from '../../shared/api.js';
import type { BackoffOptions } from './backoff.js';
import type { Launcher } from './session-launcher.js';
import type { Timers } from './timers.js';

/** What a TunnelSupervisor is given: its spec, how to launch a session, callbacks, and tuning (clock and timers too). */
export interface SupervisorDeps extends Partial<Timers> {
  spec: () => TunnelSpec;
  launch: Launcher;
  /** Idle minutes for a lazy tunnel without its own setting. */
  defaultIdleMinutes: () => number;
  /** The service's own session limits for this tunnel's account and region, once known. */
  sessionLimits?: () => SessionLimits | undefined;
  onChange: (kind: 'state' | 'stats') => void;
  /** A session opened (start watching its health) / closed (stop watching). */
  onOpen?: () => void;
  onClose?: () => void;
  /** The database answered a client through the relay (a passive health signal). */
  onClientReply?: () => void;
  onDestinationFailure?: () => void;
  /** A start needs the profile's sign-in renewed: the tunnel now waits (someone may renew it by itself). */
  onSignInNeeded?: () => void;
  now?: () => number;
  backoff?: BackoffOptions;
  /** Start attempts retried before `failed` while the tunnel has not opened yet in this run. */
  startRetries?: number;
  waitTimeoutMs?: number;
  /** An unused session that ends sooner than this after opening counts as a failed start (default 5 s). */
  quickEndMs?: number;
}
