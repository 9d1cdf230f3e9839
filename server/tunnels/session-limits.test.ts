import { describe, expect, it } from 'vitest';
import type { SessionLimits } from '../../shared/api.js';
import { idleMinutesWithin, SessionLimitsBook } from './session-limits.js';

/** A reader the test answers by hand, counting its calls. */
function reader() {
  const calls: string[] = [];
  const answers: { resolve: (limits: SessionLimits) => void; reject: (error: Error) => void }[] = [];
  const read = (profile: string, region: string) =>
    new Promise<SessionLimits>((resolve, reject) => {
      calls.push(`${profile}/${region}`);
      answers.push({ resolve, reject });
    });
  return { read, calls, answers };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SessionLimitsBook', () => {
  it('reads on learn, one read at a time per profile/region, and tells once per change', async () => {
    const { read, calls, answers } = reader();
    const learned: string[] = [];
    const book = new SessionLimitsBook(read, (profile, region) => learned.push(`${profile}/${region}`));
    expect(book.get('dev', 'eu-west-1')).toBeUndefined();
    expect(calls).toEqual([]);
    book.learn('dev', 'eu-west-1');
    book.learn('dev', 'eu-west-1');
    expect(calls).toEqual(['dev/eu-west-1']);
    answers[0]!.resolve({ idleTimeoutMinutes: 15, maxDurationMinutes: 120, source: 'document' });
    await flush();
    expect(book.get('dev', 'eu-west-1')).toEqual({ idleTimeoutMinutes: 15, maxDurationMinutes: 120, source: 'document' });
    expect(book.get('dev', 'us-east-1')).toBeUndefined();
    expect(learned).toEqual(['dev/eu-west-1']);
    // The next session reads again; the same answer changes nothing, a new one is told.
    book.learn('dev', 'eu-west-1');
    answers[1]!.resolve({ idleTimeoutMinutes: 15, maxDurationMinutes: 120, source: 'document' });
    await flush();
    expect(learned).toEqual(['dev/eu-west-1']);
    book.learn('dev', 'eu-west-1');
    answers[2]!.resolve({ idleTimeoutMinutes: 20, source: 'defaults' });
    await flush();
    expect(book.get('dev', 'eu-west-1')).toEqual({ idleTimeoutMinutes: 20, source: 'defaults' });
    expect(learned).toEqual(['dev/eu-west-1', 'dev/eu-west-1']);
  });

  it('a read that fails is reported, keeps what was known, and is tried at the next learn', async () => {
    const { read, calls, answers } = reader();
    const errors: string[] = [];
    const book = new SessionLimitsBook(
      read,
      () => undefined,
      (message) => errors.push(message),
    );
    book.learn('dev', 'eu-west-1');
    answers[0]!.reject(new Error('AccessDeniedException: ssm:GetDocument'));
    await flush();
    expect(book.get('dev', 'eu-west-1')).toBeUndefined();
    expect(errors).toEqual(['Session Manager preferences of dev/eu-west-1 not read: AccessDeniedException: ssm:GetDocument']);
    book.learn('dev', 'eu-west-1');
    expect(calls).toHaveLength(2);
  });

  it('without a reader nothing is read and nothing is known', () => {
    const book = new SessionLimitsBook(undefined, () => undefined);
    book.learn('dev', 'eu-west-1');
    expect(book.get('dev', 'eu-west-1')).toBeUndefined();
  });

  it('idle minutes: the shorter of Porthole’s and the service’s', () => {
    expect(idleMinutesWithin(30, { idleTimeoutMinutes: 10, source: 'document' })).toBe(10);
    expect(idleMinutesWithin(5, { idleTimeoutMinutes: 20, source: 'defaults' })).toBe(5);
    expect(idleMinutesWithin(30, undefined)).toBe(30);
  });
});
