import type { ApiError, Tunnel } from '../../../../../shared/api';
import { ErrorNote } from '../../../components/error-note';
import { UndoActions } from '../../../components/undo-actions';

/** A removed tunnel, kept where its card was so the user can undo; focus lands on Undo. */
export interface Removed {
  tunnel: Tunnel;
  /** Where its card was in the list. */
  index: number;
  restoring?: boolean;
  error?: ApiError;
}

interface Props {
  removed: Removed;
  focus: boolean;
  onUndo: (id: string) => void;
  onDismiss: (id: string) => void;
}

export function RemovedTunnel({ removed, focus, onUndo, onDismiss }: Props) {
  const { tunnel: t } = removed;
  return (
    <div className="removed-card" role="group" aria-label={`Removed tunnel ${t.name}`} data-testid={`removed-${t.id}`}>
      <p role="status">
        Removed <strong>{t.name}</strong> (localhost:{t.localPort}).
      </p>
      <UndoActions
        name={t.name}
        restoring={!!removed.restoring}
        focus={focus}
        onUndo={() => onUndo(t.id)}
        onDismiss={() => onDismiss(t.id)}
      />
      {removed.error ? <ErrorNote error={removed.error} title="Undo failed" /> : null}
    </div>
  );
}
