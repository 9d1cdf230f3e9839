import { Cable, Stethoscope } from 'lucide-react';
import type { ReactNode } from 'react';
import type { ClientVpnPath, DirectPathResult, SsmPath, TargetPaths } from '../../../../../shared/paths';
import { CheckItem, STATUS_WORD } from '../../../components/check-item';
import { ErrorNote } from '../../../components/error-note';
import { Ident } from '../../../components/ident';
import { formatDateTime } from '../../../lib/format';
import { DIRECT_WORD } from '../../../lib/direct-status';
import { authenticationWords, authorizationWords } from '../lib/path-words';

/** Without a tunnel: what the name resolved to, whether it answered, the route, the TLS check with the real name. */
export function DirectPathSection({ direct }: { direct: DirectPathResult }) {
  const tls = direct.health?.tls;
  return (
    <section aria-labelledby="path-direct-title" className="path" data-testid="path-direct">
      <h3 id="path-direct-title">
        Directly <span className={`path-state path-${DIRECT_WORD[direct.status].tone}`}>{DIRECT_WORD[direct.status].word}</span>
      </h3>
      <p className="small">{direct.message}</p>
      <dl className="kv">
        <dt>Name</dt>
        <dd className="ident mono">
          {direct.host}:{direct.port}
        </dd>
        {direct.address ? (
          <>
            <dt>Address</dt>
            <dd className="ident mono">
              {direct.address}
              {direct.scope ? ` (${direct.scope})` : ''}
            </dd>
          </>
        ) : null}
        {direct.route?.interface ? (
          <>
            <dt>Route</dt>
            <dd className="ident">
              {direct.route.interface}
              {direct.route.vpnInterface ? ' (a VPN interface)' : ''}
              {direct.route.gateway ? ` via ${direct.route.gateway}` : ''}
            </dd>
          </>
        ) : null}
        {direct.via ? (
          <>
            <dt>Carried by</dt>
            <dd className="ident">{direct.via}</dd>
          </>
        ) : null}
        {tls ? (
          <>
            <dt>TLS</dt>
            <dd className="ident">
              {tls.verified ? `verified for ${tls.serverName}` : `not verified${tls.error ? `: ${tls.error}` : ''}`}
              {tls.version ? ` · ${tls.version}` : ''}
            </dd>
          </>
        ) : null}
        {direct.checkedAt ? (
          <>
            <dt>Checked</dt>
            <dd>{formatDateTime(direct.checkedAt)}</dd>
          </>
        ) : null}
      </dl>
      {direct.health?.error ? <ErrorNote error={direct.health.error} title="The database check failed" /> : null}
    </section>
  );
}

/** Through a jump host: the diagnosis's summary, and the way to its every check. */
export function SsmPathSection({ ssm, onDiagnose, onOpenTunnel }: { ssm: SsmPath; onDiagnose: () => void; onOpenTunnel?: () => void }) {
  return (
    <section aria-labelledby="path-ssm-title" className="path" data-testid="path-ssm">
      <div className="section-head">
        <h3 id="path-ssm-title">
          SSM tunnel <span className={`path-state state-${ssm.status}`}>{STATUS_WORD[ssm.status]}</span>
        </h3>
        <div className="actions">
          {onOpenTunnel && ssm.status !== 'fail' ? (
            <button type="button" className="btn btn-small" onClick={onOpenTunnel}>
              <Cable size={14} aria-hidden /> Open tunnel
            </button>
          ) : null}
          <button type="button" className="btn btn-small" onClick={onDiagnose}>
            <Stethoscope size={14} aria-hidden /> Show diagnosis
          </button>
        </div>
      </div>
      <p className="small">
        {ssm.summary}
        {ssm.jumpHostId && !ssm.summary.includes(ssm.jumpHostId) ? (
          <>
            {' '}
            Jump host <span className="mono ident">{ssm.jumpHostId}</span>.
          </>
        ) : null}
      </p>
      {ssm.error ? <ErrorNote error={ssm.error} title="No diagnosis" /> : null}
      {ssm.checks.length > 0 ? (
        <ol className="checks">
          {ssm.checks.map((c) => (
            <CheckItem key={c.id} check={c} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}

/** Each Client VPN endpoint that could carry the traffic: its verdict, who its rules admit, every link. */
export function VpnPathSection({
  vpn,
  addresses,
  groups,
  children,
}: {
  vpn: ClientVpnPath[];
  addresses: TargetPaths['databaseAddresses'];
  groups: string[];
  /** The user's groups, asked for before the endpoints (their rules are checked for them). */
  children?: ReactNode;
}) {
  return (
    <section aria-labelledby="path-vpn-title" className="path" data-testid="path-vpn">
      <h3 id="path-vpn-title">AWS Client VPN</h3>
      {vpn.length === 0 ? <p className="muted small">No Client VPN endpoint in this region.</p> : children}
      {addresses.cidrs.length > 0 ? (
        <p className="muted small">
          The database’s addresses: <span className="mono ident">{addresses.cidrs.join(', ')}</span> (from {addresses.source}).
        </p>
      ) : null}
      {vpn.map((path) => (
        <article
          key={path.endpointId}
          className="vpn-path"
          data-testid={`vpn-path-${path.endpointId}`}
          aria-labelledby={`vpn-${path.endpointId}`}
        >
          <h4 id={`vpn-${path.endpointId}`}>
            {path.endpointName ?? path.endpointId} <span className={`path-state state-${path.status}`}>{STATUS_WORD[path.status]}</span>
          </h4>
          <p className="small">
            <Ident className="mono muted" text={path.endpointId} /> · {authenticationWords(path.authentication)}
            {path.routeCidr ? ` · route ${path.routeCidr}` : ''}
          </p>
          <p className="small">{path.summary}</p>
          {path.authorization ? (
            <div className="vpn-authorization" data-testid="vpn-authorization">
              {authorizationWords(path.authorization, groups).map((line) => (
                <p key={line} className="small">
                  {line}
                </p>
              ))}
            </div>
          ) : null}
          <ol className="checks">
            {path.checks.map((c) => (
              <CheckItem key={c.id} check={c} />
            ))}
          </ol>
        </article>
      ))}
    </section>
  );
}
