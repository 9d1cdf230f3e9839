import { describe, expect, it } from 'vitest';
import { authenticationWords, authorizationWords, parseGroups, ruleWho } from './path-words';

describe('authorizationWords', () => {
  it('names the deciding rule, the groups it admits, and a group whose broader rule loses to it', () => {
    const words = authorizationWords(
      {
        everyone: false,
        groups: ['dba'],
        destinationCidr: '10.0.8.0/24',
        shadowed: [{ groupId: 'dev-team', destinationCidr: '10.0.0.0/16' }],
      },
      ['dev-team'],
    );
    expect(words).toEqual([
      'Only group dba may reach the database: the rule for 10.0.8.0/24 decides.',
      'Group dev-team has a rule for 10.0.0.0/16, but the rule for 10.0.8.0/24 is more specific and wins (the longest prefix decides), so dev-team cannot reach the database.',
      'None of your groups (dev-team) is admitted by the rule for 10.0.8.0/24.',
    ]);
  });

  it('says when every user is admitted, and when nobody is', () => {
    expect(authorizationWords({ everyone: true, groups: [], destinationCidr: '10.0.0.0/16', shadowed: [] }, ['x'])).toEqual([
      'Every user may reach the database: the rule for 10.0.0.0/16 admits all users.',
    ]);
    expect(authorizationWords({ everyone: false, groups: [], shadowed: [] }, [])[0]).toMatch(/^No active authorization rule covers/);
  });

  it('says which of the user’s groups are admitted', () => {
    const auth = { everyone: false, groups: ['dba', 'ops'], destinationCidr: '10.0.8.0/24', shadowed: [] };
    expect(authorizationWords(auth, ['dba', 'dev-team'])).toEqual([
      'Only groups dba and ops may reach the database: the rule for 10.0.8.0/24 decides.',
      'Your group dba is admitted.',
    ]);
  });
});

describe('the other words', () => {
  it('parses the groups typed, trimmed and without repeats', () => {
    expect(parseGroups(' dba, dev-team ,,dba')).toEqual(['dba', 'dev-team']);
    expect(parseGroups('')).toEqual([]);
  });
  it('says how one signs in and whom a rule admits', () => {
    expect(authenticationWords([{ type: 'certificate' }])).toBe('mutual TLS (client certificate)');
    expect(authenticationWords([{ type: 'federated' }])).toBe('SAML single sign-on (AWS VPN Client)');
    expect(ruleWho({ accessAll: true })).toBe('every user');
    expect(ruleWho({ accessAll: false, groupId: 'dba' })).toBe('group dba');
  });
});
