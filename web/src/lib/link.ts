import { createContext, useContext } from 'react';
import type { StreamStatus } from './events';

/**
 * The dashboard's own connection to the daemon. While the event stream is down nothing on the page is current:
 * every live value (states, health, counters, timers) shows as unknown rather than as the last one seen.
 */
export const LinkContext = createContext<StreamStatus>('live');

/** False while the daemon is not answering (the stream dropped and has not brought a fresh snapshot yet). */
export function useOnline(): boolean {
  return useContext(LinkContext) !== 'reconnecting';
}

/** The title of a control that cannot work while the daemon is away. */
export const OFFLINE_TITLE = 'Porthole is not answering; this works again once it is back.';
