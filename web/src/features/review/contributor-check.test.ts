import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Contributor, SampleResults } from '../../api/types';
import { contributorReason } from './contributor-check';
import { releaseBlockers } from './release-check';

const TECH = 'u-tech';
const MANAGER = 'u-manager';
const contributors: Contributor[] = [
  { userId: MANAGER, displayName: 'Morgan Manager', did: [{ act: 'cleared', groups: ['metals'] }] },
  {
    userId: TECH,
    displayName: 'Terry Tech',
    did: [
      { act: 'entered', groups: ['cannabinoids', 'metals', 'moisture'] },
      { act: 'withdrew_mark', groups: ['terpenes'] },
    ],
  },
];

test('a contributor is told what they did and that another manager must release; anyone else is not stopped', () => {
  assert.equal(contributorReason(contributors, { id: MANAGER }), 'You cleared Heavy metals in this version; another manager must release it.');
  assert.equal(
    contributorReason(contributors, { id: TECH }, 'release or reject it'),
    'You entered results of Cannabinoids, Heavy metals and Moisture and withdrew a not-tested mark of Terpenes in this version; another manager must release or reject it.',
  );
  assert.equal(contributorReason(contributors, { id: 'u-second-manager' }), null);
  assert.equal(contributorReason(undefined, { id: MANAGER }), null);
  assert.equal(
    contributorReason([{ userId: MANAGER, displayName: 'M', did: [{ act: 'changed', groups: [] }] }], { id: MANAGER }),
    'You changed results in this version; another manager must release it.',
  );
});

test('the receiver is told they received the sample, alone or beside what they did in this version', () => {
  const received = { act: 'received', groups: [] } as unknown as Contributor['did'][number];
  assert.equal(
    contributorReason([{ userId: MANAGER, displayName: 'M', did: [received] }], { id: MANAGER }),
    'You received this sample; another manager must release it.',
  );
  assert.equal(
    contributorReason(
      [{ userId: MANAGER, displayName: 'M', did: [received, { act: 'entered', groups: ['moisture'] }] }],
      { id: MANAGER },
      'release or reject it',
    ),
    'You received this sample and entered results of Moisture in this version; another manager must release or reject it.',
  );
});

test('the manager who cleared a group, with no row of theirs left, cannot approve and release', () => {
  const results = { groups: [], missingGroups: [], status: 'pass', accountedFor: true, reason: '', contributors } as unknown as SampleResults;
  const me = { id: MANAGER, email: 'manager@demo.lab' };
  assert.deepEqual(releaseBlockers(results, [], me), ['You cleared Heavy metals in this version; another manager must release it.']);
  assert.deepEqual(releaseBlockers(results, [], { id: 'u-second-manager', email: 'manager2@demo.lab' }), []);
  // An answer without the list (another route's) leaves the checks the rows allow.
  assert.deepEqual(releaseBlockers({ ...results, contributors: undefined }, [], me), []);
});

test('the saver of the instrument mapping an import read through is told so', () => {
  const mapping = { act: 'mapping', groups: ['microbials'] } as unknown as Contributor['did'][number];
  assert.equal(
    contributorReason([{ userId: MANAGER, displayName: 'M', did: [mapping] }], { id: MANAGER }),
    'You saved the instrument mapping (with its method) used to import Microbials in this version; another manager must release it.',
  );
});
