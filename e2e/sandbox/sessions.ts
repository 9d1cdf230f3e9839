// SSM sessions as the "service" sees them: started by StartSession, attached by the stand-in plugin,
// ended by TerminateSession (api), the plugin's SIGINT (plugin-sigint) or the service itself (service).
import { randomBytes } from 'node:crypto';
import type { SessionBehaviourRule } from './scenario.js';

export type SessionState = 'active' | 'terminated';
export type EndedBy = 'api' | 'plugin-sigint' | 'service';

export interface PluginAttach {
  /** The plugin's argv after the program name (argv[1..]); argv[0] may carry the token in JSON form. */
  argv: string[];
  /** Whether the StartSession response came through AWS_SSM_START_SESSION_RESPONSE. */
  viaEnv: boolean;
  pid: number;
  version: string;
  attachedAt: string;
}

export interface SessionRecord {
  sessionId: string;
  accountId: string;
  accessKeyId: string;
  region: string;
  target: string;
  documentName: string;
  parameters: Record<string, string[]>;
  state: SessionState;
  endedBy?: EndedBy;
  reason?: string;
  startedAt: string;
  endedAt?: string;
  behaviour: SessionBehaviourRule;
  /** Every plugin process that attached (a reconnect after ResumeSession attaches again). */
  attaches: PluginAttach[];
  /** Client connections the plugin forwarded (or failed to). */
  connections: number;
  resumes: number;
}

export interface SessionEnd {
  reason?: string;
}

interface Watcher {
  onEnd: (end: SessionEnd) => void;
  /** The stream drops without an end (the plugin then calls ResumeSession). */
  onDrop: () => void;
}

export class SessionStore {
  private readonly records = new Map<string, SessionRecord>();
  private readonly tokens = new Map<string, string>();
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  create(
    input: Omit<SessionRecord, 'sessionId' | 'state' | 'startedAt' | 'attaches' | 'connections' | 'resumes'> & {
      namePrefix: string;
    },
  ): { record: SessionRecord; token: string } {
    const { namePrefix, ...rest } = input;
    const sessionId = `${namePrefix}-${randomBytes(9).toString('hex').slice(0, 17)}`;
    const record: SessionRecord = {
      ...rest,
      sessionId,
      state: 'active',
      startedAt: this.now().toISOString(),
      attaches: [],
      connections: 0,
      resumes: 0,
    };
    const token = randomBytes(24).toString('base64url');
    this.records.set(sessionId, record);
    this.tokens.set(sessionId, token);
    return { record, token };
  }

  get(id: string): SessionRecord | undefined {
    return this.records.get(id);
  }

  list(): SessionRecord[] {
    return [...this.records.values()].map((r) => structuredClone(r));
  }

  /** The session if the token is right and it is still active. */
  authorize(id: string, token: string | undefined): SessionRecord | undefined {
    const r = this.records.get(id);
    if (!r || r.state !== 'active' || token === undefined || this.tokens.get(id) !== token) return undefined;
    return r;
  }

  /** A fresh token for an active session (ResumeSession); undefined once it has ended. */
  resume(id: string): string | undefined {
    const r = this.records.get(id);
    if (!r || r.state !== 'active') return undefined;
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(id, token);
    r.resumes++;
    return token;
  }

  end(id: string, by: EndedBy, reason?: string): boolean {
    const r = this.records.get(id);
    if (!r || r.state !== 'active') return false;
    r.state = 'terminated';
    r.endedBy = by;
    r.endedAt = this.now().toISOString();
    if (reason !== undefined) r.reason = reason;
    const ws = this.watchers.get(id);
    this.watchers.delete(id);
    for (const w of ws ?? []) w.onEnd(reason !== undefined ? { reason } : {});
    return true;
  }

  /** Calls `onEnd` once when the session ends, `onDrop` if its stream is dropped; returns an unsubscribe function. */
  watch(id: string, onEnd: Watcher['onEnd'], onDrop: Watcher['onDrop'] = () => {}): () => void {
    const set = this.watchers.get(id) ?? new Set<Watcher>();
    this.watchers.set(id, set);
    const w = { onEnd, onDrop };
    set.add(w);
    return () => set.delete(w);
  }

  /** Drops the plugin's stream without ending the session (a lost websocket). */
  dropStream(id: string): boolean {
    const ws = this.watchers.get(id);
    this.watchers.delete(id);
    for (const w of ws ?? []) w.onDrop();
    return (ws?.size ?? 0) > 0;
  }

  dropLater(id: string, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.dropStream(id);
    }, ms);
    this.timers.add(t);
  }

  /** The service ends the session after `ms` (behaviour endAfterMs). */
  endLater(id: string, ms: number, reason?: string): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.end(id, 'service', reason);
    }, ms);
    this.timers.add(t);
  }

  /** Ends every active session (their plugins exit) and clears timers. */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const r of this.records.values()) if (r.state === 'active') this.end(r.sessionId, 'service');
  }
}
