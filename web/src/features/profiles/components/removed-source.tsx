import { ErrorNote } from '../../../components/error-note';
import { UndoActions } from '../../../components/undo-actions';
import type { RemovedSource } from './use-source-removal';

/** Where a removed sso-account source was: Undo (focused right after the removal) brings it back as it was. */
export function RemovedSourceNote({ removed, onUndo, onDismiss }: { removed: RemovedSource; onUndo: () => void; onDismiss: () => void }) {
  const name = removed.profile.name;
  return (
    <li className="profile removed-source" data-testid={`removed-source-${name}`}>
      <p role="status" className="small">
        Removed <strong>{name}</strong>.
      </p>
      <UndoActions name={name} restoring={!!removed.restoring} focus={removed.focus} onUndo={onUndo} onDismiss={onDismiss} />
      {removed.error ? <ErrorNote error={removed.error} title="Undo failed" /> : null}
    </li>
  );
}
