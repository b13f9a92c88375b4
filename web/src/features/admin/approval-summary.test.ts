import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { subjectOfSummary, summaryForRequester } from './approval-summary';

const NOTE = '; approving issues a new temporary password to you';

describe('approval summaries', () => {
  test('whom a reset or a grant is about, for the temporary password dialog', () => {
    assert.equal(subjectOfSummary('Reset the password of Jo Smith <jo@lab.example> (manager)'), 'Jo Smith <jo@lab.example>');
    assert.equal(subjectOfSummary(`Grant manager to Jo Smith <jo@lab.example> (now technician)${NOTE}`), 'Jo Smith <jo@lab.example>');
    assert.equal(subjectOfSummary(`Reactivate Jo Smith <jo@lab.example> as admin${NOTE}`), 'Jo Smith <jo@lab.example>');
    assert.equal(subjectOfSummary(`Reactivate and grant admin to Jo of Troy <jo@lab.example> (now manager, inactive)${NOTE}`), 'Jo of Troy <jo@lab.example>');
    assert.equal(subjectOfSummary(`Something else${NOTE}`), 'Something else');
  });

  test('the requester is not told what the approver will be handed', () => {
    assert.equal(summaryForRequester(`Grant manager to Jo <jo@lab.example> (now technician)${NOTE}`), 'Grant manager to Jo <jo@lab.example> (now technician)');
    assert.equal(summaryForRequester('Reset the password of Jo <jo@lab.example> (manager)'), 'Reset the password of Jo <jo@lab.example> (manager)');
  });
});
