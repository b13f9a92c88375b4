import type { Actor } from '../../common/actor';
import { approvalRefusalForRequester, decisionRefusal, noLongerAdminReason, withdrawalRefusal } from './approval-rules';
import { ApprovalErrorCode } from './approval.errors';

const ADMIN_A: Actor = { type: 'user', id: 'a', label: 'Ann <a@lab>', role: 'admin' };
const ADMIN_B: Actor = { type: 'user', id: 'b', label: 'Bo <b@lab>', role: 'admin' };
const MANAGER: Actor = { type: 'user', id: 'm', label: 'Mo <m@lab>', role: 'manager' };
const byA = { status: 'pending' as const, requestedById: 'a' };

describe('decisionRefusal (the two-person rule)', () => {
  it('lets a second admin decide a pending request', () => {
    expect(decisionRefusal(byA, ADMIN_B)).toBeNull();
  });

  it('refuses the requester, with the code the API answers', () => {
    expect(decisionRefusal(byA, ADMIN_A)).toEqual({
      code: ApprovalErrorCode.CANNOT_APPROVE_OWN_REQUEST,
      message: 'A second admin must decide: you cannot approve or reject your own request',
    });
  });

  it('refuses anyone but an admin, including the system and a licensee', () => {
    expect(decisionRefusal(byA, MANAGER)?.code).toBe(ApprovalErrorCode.APPROVER_NOT_ADMIN);
    expect(decisionRefusal(byA, { type: 'system', label: 'labtrace' })?.code).toBe(ApprovalErrorCode.APPROVER_NOT_ADMIN);
    expect(decisionRefusal(byA, { type: 'licensee', id: 'l', label: 'x', licenseNumber: 'n', apiKeyId: 'k' })?.code).toBe(ApprovalErrorCode.APPROVER_NOT_ADMIN);
  });

  it('refuses a decided request before anything else, so a repeat answers 409 whoever sends it', () => {
    expect(decisionRefusal({ status: 'approved', requestedById: 'a' }, ADMIN_A)).toEqual({
      code: ApprovalErrorCode.APPROVAL_ALREADY_DECIDED,
      message: 'This request was approved already',
    });
    expect(decisionRefusal({ status: 'rejected', requestedById: 'a' }, ADMIN_B)?.code).toBe(ApprovalErrorCode.APPROVAL_ALREADY_DECIDED);
  });

  it("passes on the kind's own refusal (the admin a role grant is about)", () => {
    expect(decisionRefusal(byA, ADMIN_B, 'You cannot approve a change to your own role')).toEqual({
      code: ApprovalErrorCode.CANNOT_DECIDE_OWN_POWER,
      message: 'You cannot approve a change to your own role',
    });
  });
});

describe('approvalRefusalForRequester (approving needs the requester still an active admin)', () => {
  it('allows an active admin’s request and LabTrace’s own', () => {
    expect(approvalRefusalForRequester(byA, { role: 'admin', active: true })).toBeNull();
    expect(approvalRefusalForRequester({ status: 'pending', requestedById: null }, null)).toBeNull();
  });

  it('refuses with 409’s code when the requester was disabled, demoted or removed, saying which', () => {
    const messages = [{ role: 'admin', active: false }, { role: 'manager', active: true }, null].map((standing) => {
      const refusal = approvalRefusalForRequester(byA, standing);
      expect(refusal?.code).toBe(ApprovalErrorCode.REQUESTER_NO_LONGER_ADMIN);
      return refusal?.message.split(',')[0];
    });
    expect(messages).toEqual([
      'The admin who asked for this has been disabled',
      'The admin who asked for this is now manager',
      'The admin who asked for this no longer exists',
    ]);
  });
});

describe('withdrawalRefusal (only the requester takes back a pending request)', () => {
  it('lets the requester withdraw their own pending request', () => {
    expect(withdrawalRefusal(byA, ADMIN_A)).toBeNull();
  });

  it('refuses anyone else with 403’s code, pointing them to rejecting', () => {
    expect(withdrawalRefusal(byA, ADMIN_B)).toEqual({
      code: ApprovalErrorCode.ONLY_REQUESTER_MAY_WITHDRAW,
      message: 'Only the admin who asked for this may withdraw it; another admin may reject it',
    });
    expect(withdrawalRefusal({ status: 'pending', requestedById: null }, { type: 'system', label: 'labtrace' })?.code).toBe(
      ApprovalErrorCode.ONLY_REQUESTER_MAY_WITHDRAW,
    );
  });

  it('refuses a closed request first, so a second withdrawal answers 409 as a repeat decision does', () => {
    expect(withdrawalRefusal({ status: 'cancelled', requestedById: 'a' }, ADMIN_A)).toEqual({
      code: ApprovalErrorCode.APPROVAL_ALREADY_DECIDED,
      message: 'This request was cancelled already',
    });
    expect(withdrawalRefusal({ status: 'approved', requestedById: 'a' }, ADMIN_B)?.code).toBe(ApprovalErrorCode.APPROVAL_ALREADY_DECIDED);
  });

  it('makes a cancelled request undecidable too', () => {
    expect(decisionRefusal({ status: 'cancelled', requestedById: 'a' }, ADMIN_B)?.message).toBe('This request was cancelled already');
  });
});

describe('noLongerAdminReason (when an account’s pending requests are cancelled)', () => {
  it('is null while the account is an active admin', () => {
    expect(noLongerAdminReason({ role: 'admin', active: true })).toBeNull();
  });

  it('says what the account became: disabled, demoted or both', () => {
    expect(noLongerAdminReason({ role: 'admin', active: false })).toBe('The requester is no longer an administrator (disabled)');
    expect(noLongerAdminReason({ role: 'manager', active: true })).toBe('The requester is no longer an administrator (now manager)');
    expect(noLongerAdminReason({ role: 'technician', active: false })).toBe('The requester is no longer an administrator (disabled, now technician)');
  });
});
