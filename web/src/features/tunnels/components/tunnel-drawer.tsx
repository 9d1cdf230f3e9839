import * as Dialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import { useRef, type ReactNode } from 'react';
import type { ApiError, Tunnel } from '../../../../../shared/api';
import { HealthSection } from './health-section';
import type { HostChoice } from './jump-host-picker';
import { StateBadge } from './state-badge';
import { StateSection } from './state-section';
import type { DrawerSection } from './tunnel-card';
import { TunnelLogs } from './tunnel-logs';

interface Props {
  tunnel?: Tunnel;
  section: DrawerSection;
  hostName?: string;
  hostChoices: HostChoice[];
  checking: boolean;
  savingHost: boolean;
  /** Why the last "Check now" failed. */
  checkError?: ApiError;
  onCheck: (id: string) => void;
  onChangeHost: (id: string, hostId: string) => Promise<unknown>;
  onClose: () => void;
  /** The connect feature's panel for this tunnel. */
  connect: (tunnel: Tunnel) => ReactNode;
}

/**
 * The right-hand drawer for one tunnel: state and jump host, health layers, certificate, connection strings and
 * logs. Closing it gives focus back to what opened it (or, when that is gone, to the tunnel's card).
 */
export function TunnelDrawer(props: Props) {
  const { tunnel, onClose } = props;
  const opener = useRef<{ element: Element | null; id: string }>(undefined);
  if (tunnel && opener.current?.id !== tunnel.id) opener.current = { element: document.activeElement, id: tunnel.id };
  return (
    <Dialog.Root open={tunnel !== undefined} onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="drawer-overlay" />
        <Dialog.Content
          className="drawer"
          data-testid="drawer"
          aria-describedby={undefined}
          onCloseAutoFocus={(event) => {
            const from = opener.current;
            opener.current = undefined;
            if (!from) return;
            event.preventDefault();
            const back =
              from.element instanceof HTMLElement && from.element.isConnected
                ? from.element
                : document.querySelector<HTMLElement>(`[data-testid="tunnel-${from.id}"] [data-tunnel-focus]`);
            (back ?? document.getElementById('tunnels-title'))?.focus();
          }}
        >
          {tunnel ? <DrawerBody {...props} t={tunnel} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function DrawerBody({
  t,
  section,
  hostName,
  hostChoices,
  checking,
  savingHost,
  checkError,
  onCheck,
  onChangeHost,
  connect,
}: Props & { t: Tunnel }) {
  const parts: Record<'health' | 'connect' | 'logs', ReactNode> = {
    health: <HealthSection key="health" t={t} checking={checking} checkError={checkError} onCheck={onCheck} />,
    connect: (
      <section key="connect" aria-labelledby="drawer-connect-title">
        <h3 id="drawer-connect-title">Connect</h3>
        {connect(t)}
      </section>
    ),
    logs: (
      <section key="logs" aria-labelledby="drawer-logs-title">
        <h3 id="drawer-logs-title">Logs</h3>
        <TunnelLogs id={t.id} />
      </section>
    ),
  };
  // The part the user asked for (Connection strings or Logs on the card) comes first, so no scrolling.
  const order: (keyof typeof parts)[] =
    section === 'logs'
      ? ['logs', 'health', 'connect']
      : section === 'connect'
        ? ['connect', 'health', 'logs']
        : ['health', 'connect', 'logs'];
  const state = (
    <StateSection
      key="state"
      t={t}
      hostName={hostName}
      hostChoices={hostChoices}
      savingHost={savingHost}
      onChangeHost={(hostId) => onChangeHost(t.id, hostId)}
    />
  );
  return (
    <>
      <div className="drawer-head">
        <div className="drawer-title">
          <Dialog.Title>{t.name}</Dialog.Title>
          <StateBadge state={t.state} testId="drawer-state" />
        </div>
        <Dialog.Close className="btn btn-icon btn-ghost" title="Close">
          <X size={18} aria-hidden />
          <span className="visually-hidden">Close details of {t.name}</span>
        </Dialog.Close>
      </div>
      <div className="drawer-body">
        {section === 'details' ? [state, ...order.map((k) => parts[k])] : [parts[order[0]!], state, ...order.slice(1).map((k) => parts[k])]}
      </div>
    </>
  );
}
