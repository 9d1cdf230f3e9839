import { RefreshCw } from 'lucide-react';
import type { Diagnosis } from '../../../../../shared/api';
import { CheckItem } from '../../../components/check-item';
import { ErrorNote } from '../../../components/error-note';
import { Hidden } from '../../../components/hidden';
import { SideDrawer } from '../../../components/side-drawer';
import { formatDateTime } from '../../../lib/format';
import { useDiagnosis, useRediagnose, type DiagnosisRequest } from '../api/get-diagnosis';
import { tally, verdictOf } from '../lib/checks';
import { LiveButton } from '../../../components/live-button';

interface Props {
  request?: DiagnosisRequest;
  /** A jump host's Name tag, where the inventory knows it. */
  hostName: (d: Pick<Diagnosis, 'profile' | 'region' | 'jumpHostId'>) => string | undefined;
  /** Where focus goes when the opener is gone (e.g. a table row that scrolled away). */
  fallbackFocusId: string;
  onClose: () => void;
}

/** "Why can't I connect?": every check between this computer, the jump host and the database, in path order. */
export function DiagnosisDrawer({ request, hostName, fallbackFocusId, onClose }: Props) {
  return (
    <SideDrawer
      open={request !== undefined}
      subject={request ? `${request.targetId}\u0000${request.jumpHostId ?? ''}` : ''}
      title={request ? `Why can't I connect to ${request.name}?` : 'Diagnosis'}
      closeLabel="the diagnosis"
      testId="diagnosis"
      fallbackFocusId={fallbackFocusId}
      onClose={onClose}
    >
      {request ? (
        <DiagnosisBody key={`${request.targetId}\u0000${request.jumpHostId ?? ''}`} request={request} hostName={hostName} />
      ) : null}
    </SideDrawer>
  );
}

function DiagnosisBody({ request, hostName }: { request: DiagnosisRequest; hostName: Props['hostName'] }) {
  const diagnosis = useDiagnosis(request);
  const again = useRediagnose();
  const d = diagnosis.data;
  const running = diagnosis.isFetching || again.isPending;
  return (
    <>
      <section aria-labelledby="diagnosis-about-title">
        <div className="section-head">
          <h3 id="diagnosis-about-title">Through the jump host</h3>
          <LiveButton
            className="btn btn-small"
            disabled={running}
            title={'Read everything again from AWS'}
            onClick={() => again.mutate(request)}
          >
            <RefreshCw size={14} aria-hidden className={running ? 'spin' : undefined} /> {running ? 'Checking…' : 'Run again'}
            <Hidden>the diagnosis of {request.name}</Hidden>
          </LiveButton>
        </div>
        {d ? (
          <>
            <p className="small">
              {hostName(d) ? `${hostName(d)} ` : ''}
              <span className="mono">{d.jumpHostId}</span> · {d.profile} / {d.region}
            </p>
            <p className="muted small" data-testid="diagnosis-checked">
              Checked {formatDateTime(d.checkedAt)}
              {d.cached ? ' (kept since the last inventory fetch; Run again reads AWS anew)' : ''} · {tally(d.checks)}
            </p>
          </>
        ) : null}
        {diagnosis.isPending && !diagnosis.error ? <p className="muted">Reading the path from AWS…</p> : null}
        {diagnosis.error ? <ErrorNote error={diagnosis.error} title="No diagnosis" /> : null}
        {again.error ? <ErrorNote error={again.error} title="Not run again" onDismiss={() => again.reset()} /> : null}
      </section>
      {d ? <Verdict d={d} /> : null}
      {d ? (
        <section aria-labelledby="diagnosis-checks-title">
          <h3 id="diagnosis-checks-title">Every link, in path order</h3>
          <ol className="checks" data-testid="checks">
            {d.checks.map((check) => (
              <CheckItem key={check.id} check={check} />
            ))}
          </ol>
        </section>
      ) : null}
      {d?.sessionPreferences ? (
        <section aria-labelledby="diagnosis-prefs-title">
          <h3 id="diagnosis-prefs-title">Session Manager preferences</h3>
          <dl className="kv">
            <dt>Idle timeout</dt>
            <dd>{d.sessionPreferences.idleTimeoutMinutes} minutes</dd>
            <dt>Maximum duration</dt>
            <dd>{d.sessionPreferences.maxDurationMinutes ? `${d.sessionPreferences.maxDurationMinutes} minutes` : 'none'}</dd>
            <dt>Encryption</dt>
            <dd className="ident">{d.sessionPreferences.kmsKeyId ?? 'off'}</dd>
            <dt>From</dt>
            <dd>{d.sessionPreferences.source === 'document' ? 'the SSM-SessionManagerRunShell document' : "AWS's defaults"}</dd>
          </dl>
        </section>
      ) : null}
    </>
  );
}

/** The answer first: which link is broken (and its fix, below), or why nothing could be said. */
function Verdict({ d }: { d: Diagnosis }) {
  const v = verdictOf(d);
  return (
    <p className={`verdict verdict-${v.kind}`} data-testid="diagnosis-verdict">
      {v.kind === 'broken' ? (
        <>
          <strong>First broken link: {v.check.title}.</strong> {v.check.summary} Its fix is below.
        </>
      ) : v.kind === 'unknown' ? (
        <>
          <strong>Nothing broken that Porthole could read</strong>, but {v.count} {v.count === 1 ? 'check is' : 'checks are'} unknown
          {v.permissions.length ? ` (your role may not call ${v.permissions.join(', ')})` : ''}.
        </>
      ) : v.kind === 'warnings' ? (
        <>
          <strong>Every link works</strong>; {v.count} {v.count === 1 ? 'warning is' : 'warnings are'} worth a look.
        </>
      ) : (
        <strong>Every link works.</strong>
      )}
    </p>
  );
}
