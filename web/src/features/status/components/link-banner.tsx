import { WifiOff } from 'lucide-react';
import type { DaemonStatus } from '../../../../../shared/api';
import { Command } from '../../../components/command';

/**
 * The page-level banner while Porthole does not answer: what is not known any more, what to run, and that the
 * page comes back by itself. The command is the one this daemon reported (the demo reports `npm run demo`).
 */
export function LinkBanner({ status }: { status?: DaemonStatus }) {
  const port = window.location.port;
  return (
    <div className="banner banner-down" role="alert" data-testid="link-banner">
      <WifiOff size={18} aria-hidden />
      <div>
        <p>
          <strong>Porthole is not answering{port ? ` on port ${port}` : ''}.</strong> Tunnel states, health and counters are unknown until
          it is back; this page reconnects by itself.
        </p>
        <p>
          If it stopped, start it again: <Command value={status?.startCommand ?? 'npm start'} what="start command" /> (a new port or folder
          means a new login link: open the one it prints).
        </p>
      </div>
    </div>
  );
}
