import { CircleCheck, CircleDashed, CircleX } from 'lucide-react';
import type { Health, HealthLayerName } from '../../../../../shared/api';
import { LAYER_LABEL } from '../lib/tunnel-state';

const ORDER: HealthLayerName[] = ['credentials', 'jump-host', 'relay', 'session', 'database'];

/** Each layer from credentials to the database, so a failure says where it is. Only shown once a check ran. */
export function HealthLayers({ health }: { health: Health }) {
  const byName = new Map(health.layers.map((l) => [l.name, l]));
  return (
    <ol className="layers" data-testid="health-layers">
      {ORDER.map((name) => {
        const layer = byName.get(name);
        const status = layer?.status ?? 'unknown';
        return (
          <li key={name} className={`layer layer-${status}`} data-testid={`layer-${name}`}>
            {status === 'ok' ? (
              <CircleCheck size={16} aria-hidden />
            ) : status === 'fail' ? (
              <CircleX size={16} aria-hidden />
            ) : (
              <CircleDashed size={16} aria-hidden />
            )}
            <span className="layer-name">{LAYER_LABEL[name]}</span>
            <span className="layer-status">{status === 'ok' ? 'ok' : status === 'fail' ? 'failing' : 'not proven by this check'}</span>
            {layer?.detail ? <span className="layer-detail muted small">{layer.detail}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
