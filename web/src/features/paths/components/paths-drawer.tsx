import { Cable, RefreshCw } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { TargetPaths } from '../../../../../shared/paths';
import { ErrorNote } from '../../../components/error-note';
import { Hidden } from '../../../components/hidden';
import { SideDrawer } from '../../../components/side-drawer';
import { formatDateTime } from '../../../lib/format';
import { useCheckPathsAgain, useTargetPaths } from '../api/target-paths';
import { parseGroups } from '../lib/path-words';
import { DirectPathSection, SsmPathSection, VpnPathSection } from './path-sections';
import { TextField } from '../../../components/text-field';
import { LiveButton } from '../../../components/live-button';

export interface PathsRequest {
  targetId: string;
  /** The database's name, for the title. */
  name: string;
}

interface Props {
  request?: PathsRequest;
  fallbackFocusId: string;
  onClose: () => void;
  /** Opens the connection strings with the real host name (another feature's drawer). */
  onConnectDirectly: (r: PathsRequest) => void;
  /** Opens "Why can't I connect?" for the SSM path. */
  onDiagnose: (r: PathsRequest) => void;
  /** Opens an SSM tunnel anyway (absent when the target has one). */
  onOpenTunnel?: (r: PathsRequest) => void;
}

/** Every way into one database side by side: directly, through an SSM tunnel, over each AWS Client VPN endpoint. */
export function PathsDrawer({ request, fallbackFocusId, onClose, onConnectDirectly, onDiagnose, onOpenTunnel }: Props) {
  return (
    <SideDrawer
      open={request !== undefined}
      subject={request?.targetId ?? ''}
      title={request ? `Ways into ${request.name}` : 'Ways in'}
      closeLabel="the ways in"
      testId="paths"
      fallbackFocusId={fallbackFocusId}
      onClose={onClose}
    >
      {request ? (
        <PathsBody
          key={request.targetId}
          request={request}
          onConnectDirectly={() => onConnectDirectly(request)}
          onDiagnose={() => onDiagnose(request)}
          {...(onOpenTunnel ? { onOpenTunnel: () => onOpenTunnel(request) } : {})}
        />
      ) : null}
    </SideDrawer>
  );
}

interface BodyProps {
  request: PathsRequest;
  onConnectDirectly: () => void;
  onDiagnose: () => void;
  onOpenTunnel?: () => void;
}

function PathsBody({ request, onConnectDirectly, onDiagnose, onOpenTunnel }: BodyProps) {
  const [groups, setGroups] = useState('');
  const paths = useTargetPaths(request.targetId, groups);
  const again = useCheckPathsAgain();
  const p = paths.data;
  const running = paths.isFetching || again.isPending;
  return (
    <>
      <section aria-labelledby="paths-about-title">
        <div className="section-head">
          <h3 id="paths-about-title">Side by side</h3>
          <LiveButton
            className="btn btn-small"
            disabled={running}
            title={'Probe the direct path and read AWS again'}
            onClick={() => again.mutate({ targetId: request.targetId, groups })}
          >
            <RefreshCw size={14} aria-hidden className={running ? 'spin' : undefined} /> {running ? 'Checking…' : 'Check again'}
            <Hidden>the ways into {request.name}</Hidden>
          </LiveButton>
        </div>
        {p ? (
          <p className="muted small" data-testid="paths-checked">
            {p.engine} at <span className="mono ident">{`${p.host}:${p.port}`}</span> · {p.profile} / {p.region} · checked{' '}
            {formatDateTime(p.checkedAt)}
          </p>
        ) : (
          <p className="muted">Reading the paths…</p>
        )}
        {paths.error ? <ErrorNote error={paths.error} title="No paths" /> : null}
        {again.error ? <ErrorNote error={again.error} title="Not checked again" onDismiss={() => again.reset()} /> : null}
      </section>
      {p ? <Recommendation p={p} onConnectDirectly={onConnectDirectly} /> : null}
      {p ? (
        <>
          <DirectPathSection direct={p.direct} />
          <SsmPathSection ssm={p.ssm} onDiagnose={onDiagnose} {...(onOpenTunnel ? { onOpenTunnel } : {})} />
          <VpnPathSection vpn={p.vpn} addresses={p.databaseAddresses} groups={parseGroups(groups)}>
            <GroupsForm groups={groups} onApply={setGroups} />
          </VpnPathSection>
          {p.errors.map((e) => (
            <ErrorNote
              key={e.call}
              error={
                e.missingPermission ? { ...e.error, hint: `Give your role ${e.missingPermission} to let Porthole read this.` } : e.error
              }
              title={`Could not read ${e.call}`}
            />
          ))}
        </>
      ) : null}
    </>
  );
}

/** The answer first: which way to take, with its button when it is the direct one. */
function Recommendation({ p, onConnectDirectly }: { p: TargetPaths; onConnectDirectly: () => void }) {
  const direct = p.recommendation.kind === 'direct' && p.direct.usable;
  return (
    <div
      className={`verdict verdict-${direct || p.recommendation.kind === 'ssm' ? 'clear' : 'warnings'}`}
      data-testid="paths-recommendation"
    >
      <p>
        <strong>Recommended:</strong> {p.recommendation.message}
      </p>
      {direct ? (
        <button type="button" className="btn btn-small btn-primary" onClick={onConnectDirectly}>
          <Cable size={14} aria-hidden /> Connect directly<Hidden>to {p.host}</Hidden>
        </button>
      ) : null}
    </div>
  );
}

/** The user's access groups (SAML or directory): AWS does not say who is in which, so the user does. */
function GroupsForm({ groups, onApply }: { groups: string; onApply: (g: string) => void }) {
  const id = useId();
  const [text, setText] = useState(groups);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(parseGroups(text).join(','));
  };
  return (
    <form className="groups-form" onSubmit={submit} data-testid="vpn-groups">
      <TextField id={id} label="Your Client VPN groups" value={text} placeholder="e.g. dev-team, dba" onValue={setText} />
      <button type="submit" className="btn btn-small">
        Check for these groups
      </button>
      <p className="muted small">
        The groups your identity provider or directory puts you in; the authorization rules are checked for them.
      </p>
    </form>
  );
}
