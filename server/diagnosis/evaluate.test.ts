// The order of the report: the first broken link is the first `fail` along the path.
import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../shared/diagnosis.js';
import { evaluateAll, firstBroken } from './evaluate.js';
import { ok } from './read-result.js';
import { healthyFacts, host } from '../../testing/diagnosis/healthy-facts.js';

describe('evaluateAll and firstBroken', () => {
  it('reports every check in path order, and no broken link when all pass', () => {
    const checks = evaluateAll(healthyFacts());
    expect(checks.map((check) => check.id)).toEqual([...CHECK_IDS]);
    expect(firstBroken(checks)).toBeUndefined();
  });

  it('names the cause before its effect: a stopped host before its offline agent and a closed security group', () => {
    const facts = healthyFacts({ host: host({ state: 'stopped', pingStatus: 'ConnectionLost' }), dbRules: ok([]) });
    const checks = evaluateAll(facts);
    expect(checks.filter((check) => check.status === 'fail').map((check) => check.id)).toEqual([
      'host-running',
      'host-online',
      'sg-ingress',
    ]);
    expect(firstBroken(checks)).toEqual({
      check: 'host-running',
      title: 'Jump host running',
      summary: 'The instance is stopped, not running.',
    });
  });
});
