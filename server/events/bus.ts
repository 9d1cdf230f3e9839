import type { DaemonEvent } from '../../shared/api.js';

/** Events that flow through the bus; `snapshot` is built per subscriber, never published. */
export type BusEvent = Exclude<DaemonEvent, { type: 'snapshot' }>;
export interface NumberedEvent {
  id: number;
  event: BusEvent;
}
type Listener = (numbered: NumberedEvent) => void;

/**
 * In-process publish/subscribe with increasing ids and a bounded replay buffer, so an SSE client
 * that reconnects with Last-Event-ID gets exactly what it missed (or a fresh snapshot when the
 * buffer no longer reaches back that far).
 */
export class EventBus {
  private nextId = 1;
  private readonly recent: NumberedEvent[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(private readonly replayLimit = 500) {}

  publish(event: BusEvent): number {
    const numbered = { id: this.nextId++, event };
    this.recent.push(numbered);
    if (this.recent.length > this.replayLimit) this.recent.shift();
    for (const listener of [...this.listeners]) {
      try {
        listener(numbered);
      } catch {
        // A broken subscriber must not stop the others from hearing the event.
      }
    }
    return numbered.id;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The id of the last published event (0 before any). */
  get lastId(): number {
    return this.nextId - 1;
  }

  /** Events after `lastId`, or undefined when the buffer no longer covers that gap. */
  since(lastId: number): NumberedEvent[] | undefined {
    if (lastId > this.lastId || lastId < 0) return undefined;
    if (lastId === this.lastId) return [];
    const oldest = this.recent[0];
    if (!oldest || oldest.id > lastId + 1) return undefined;
    return this.recent.filter((numbered) => numbered.id > lastId);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
