import * as Dialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import type { Tunnel } from '../../../../../shared/api';
import { HealthSection } from './health-section';
import { StateBadge } from './state-badge';
import { StateSection } from './state-section';
import type { DrawerSection } from './tunnel-card';
import { TunnelLogs } from './tunnel-logs';

interface Props {
  tunnel?: Tunnel;
  section: DrawerSection;
  checking: boolean;
  onCheck: (id: string) => void;
  onClose: () => void;
  /** The connect feature's panel for this tunnel. */
  connect: (tunnelId: string) => ReactNode;
}

/** The right-hand drawer for one tunnel: state, health layers, certificate, connection strings and logs. */
export function TunnelDrawer({ tunnel, section, checking, onCheck, onClose, connect }: Props) {
  return (
    <Dialog.Root open={tunnel !== undefined} onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="drawer-overlay" />
        <Dialog.Content className="drawer" data-testid="drawer" aria-describedby={undefined}>
          {tunnel ? <DrawerBody t={tunnel} section={section} checking={checking} onCheck={onCheck} connect={connect} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function DrawerBody({ t, section, checking, onCheck, connect }: Omit<Props, 'tunnel' | 'onClose'> & { t: Tunnel }) {
  const parts: Record<'health' | 'connect' | 'logs', ReactNode> = {
    health: <HealthSection key="health" t={t} checking={checking} onCheck={onCheck} />,
    connect: (
      <section key="connect" aria-labelledby="drawer-connect-title">
        <h3 id="drawer-connect-title">Connect</h3>
        {connect(t.id)}
      </section>
    ),
    logs: (
      <section key="logs" aria-labelledby="drawer-logs-title">
        <h3 id="drawer-logs-title">Logs</h3>
        <TunnelLogs id={t.id} />
      </section>
    ),
  };
  // The part the user asked for (Connect or Logs on the card) comes right after the state, so no scrolling.
  const order =
    section === 'logs'
      ? ['logs', 'health', 'connect']
      : section === 'connect'
        ? ['connect', 'health', 'logs']
        : ['health', 'connect', 'logs'];
  return (
    <>
      <div className="drawer-head">
        <div className="drawer-title">
          <Dialog.Title className="truncate">{t.name}</Dialog.Title>
          <StateBadge state={t.state} testId="drawer-state" />
        </div>
        <Dialog.Close className="btn btn-icon btn-ghost" aria-label="Close details">
          <X size={18} aria-hidden />
        </Dialog.Close>
      </div>
      <div className="drawer-body">
        <StateSection t={t} />
        {order.map((k) => parts[k as keyof typeof parts])}
      </div>
    </>
  );
}
