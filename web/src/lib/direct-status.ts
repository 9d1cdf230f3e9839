import type { DirectStatus } from '../../../shared/paths';

/** A direct path's state in one or two words (a row, the Paths drawer); `tone` only repeats it in colour. */
export const DIRECT_WORD: Record<DirectStatus, { word: string; tone: 'ok' | 'warn' | 'muted' }> = {
  direct: { word: 'direct', tone: 'ok' },
  public: { word: 'public', tone: 'warn' },
  blocked: { word: 'blocked', tone: 'muted' },
  skipped: { word: 'tunnel port', tone: 'muted' },
  unresolved: { word: 'no DNS', tone: 'muted' },
  unchecked: { word: 'checking', tone: 'muted' },
};
