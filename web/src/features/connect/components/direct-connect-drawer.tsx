import { useState } from 'react';
import type { DirectConnectionInfo } from '../../../../../shared/paths';
import { ErrorNote } from '../../../components/error-note';
import { SideDrawer } from '../../../components/side-drawer';
import { useDirectConnection, type DirectChoice } from '../api/get-direct-connection';
import { ConnectionDefaults } from './connection-defaults';
import { ConnectionStringBlock } from './connection-string';
import { DbeaverHelp } from './dbeaver-help';

export interface DirectRequest {
  targetId: string;
  name: string;
}

interface Props {
  request?: DirectRequest;
  fallbackFocusId: string;
  onClose: () => void;
}

/** "Connect directly": no tunnel, no session; the strings name the real host, so every client verifies it fully. */
export function DirectConnectDrawer({ request, fallbackFocusId, onClose }: Props) {
  return (
    <SideDrawer
      open={request !== undefined}
      subject={request?.targetId ?? ''}
      title={request ? `Connect directly to ${request.name}` : 'Connect directly'}
      closeLabel="the direct connection"
      testId="direct-connect"
      fallbackFocusId={fallbackFocusId}
      onClose={onClose}
    >
      {request ? <DirectBody key={request.targetId} targetId={request.targetId} /> : null}
    </SideDrawer>
  );
}

function DirectBody({ targetId }: { targetId: string }) {
  const [choice, setChoice] = useState<DirectChoice>({ user: '', database: '' });
  const conn = useDirectConnection(targetId, choice);
  if (conn.isPending) return <p className="muted">Loading connection strings…</p>;
  if (conn.error && !conn.data) return <ErrorNote error={conn.error} title="No connection strings" />;
  const info = conn.data!;
  return (
    <div className="connect" data-testid="direct-panel">
      <PathFacts info={info} />
      <ConnectionDefaults
        info={info}
        savedText="The strings below use them"
        onSave={async (patch) => setChoice({ user: patch.user ?? '', database: patch.database ?? '' })}
      />
      {conn.error ? <ErrorNote error={conn.error} title="Strings not updated" /> : null}
      {info.strings.map((s) => (
        <ConnectionStringBlock key={s.id} item={s} />
      ))}
      <DbeaverHelp hasDbeaverJson={info.strings.some((s) => s.id.startsWith('dbeaver'))} caBundlePath={info.caBundlePath} />
    </div>
  );
}

function PathFacts({ info }: { info: DirectConnectionInfo }) {
  const tls = info.path.health?.tls;
  return (
    <p className="small" data-testid="direct-facts">
      <span className="mono ident">
        {info.host}:{info.port}
      </span>{' '}
      answers at <span className="mono">{info.path.address ?? 'an address the resolver gave'}</span>
      {info.path.route?.interface ? ` through ${info.path.route.interface}` : ''}
      {tls?.verified ? `; TLS verified for ${tls.serverName}` : ''}. No tunnel and no session: your network carries it.
    </p>
  );
}
