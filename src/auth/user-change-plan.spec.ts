import { describeGrant, planUserChange } from './user-change-plan';

const tech = { role: 'technician' as const, active: true };
const manager = { role: 'manager' as const, active: true };
const admin = { role: 'admin' as const, active: true };

describe('planUserChange (what applies now, what waits for a second admin)', () => {
  it('refuses any change to one’s own role or active flag, but lets one rename oneself', () => {
    expect(planUserChange(admin, { role: 'manager' }, true)).toEqual({ ok: false, refused: 'own_role' });
    expect(planUserChange(admin, { role: 'technician' }, true)).toEqual({ ok: false, refused: 'own_role' });
    expect(planUserChange(admin, { active: false }, true)).toEqual({ ok: false, refused: 'own_active' });
    expect(planUserChange(admin, { role: 'admin', active: true, displayName: 'Ann' }, true)).toEqual({
      ok: true,
      immediate: { displayName: 'Ann' },
      grant: null,
    });
  });

  it('makes granting manager or admin a request, whoever holds which role now', () => {
    expect(planUserChange(tech, { role: 'manager' }, false)).toEqual({ ok: true, immediate: {}, grant: { role: 'manager', activate: false } });
    expect(planUserChange(tech, { role: 'admin' }, false)).toEqual({ ok: true, immediate: {}, grant: { role: 'admin', activate: false } });
    // Admin does not include release: moving an admin to manager hands them a power they lacked.
    expect(planUserChange(admin, { role: 'manager' }, false)).toEqual({ ok: true, immediate: {}, grant: { role: 'manager', activate: false } });
    expect(planUserChange(manager, { role: 'admin' }, false)).toEqual({ ok: true, immediate: {}, grant: { role: 'admin', activate: false } });
  });

  it('applies demotion and deactivation at once', () => {
    expect(planUserChange(manager, { role: 'technician' }, false)).toEqual({ ok: true, immediate: { role: 'technician' }, grant: null });
    expect(planUserChange(admin, { active: false }, false)).toEqual({ ok: true, immediate: { active: false }, grant: null });
    expect(planUserChange(admin, { role: 'technician', active: false }, false)).toEqual({
      ok: true,
      immediate: { role: 'technician', active: false },
      grant: null,
    });
  });

  it('reactivates a technician at once, but a manager or admin only with approval', () => {
    expect(planUserChange({ role: 'technician', active: false }, { active: true }, false)).toEqual({ ok: true, immediate: { active: true }, grant: null });
    expect(planUserChange({ role: 'admin', active: false }, { active: true }, false)).toEqual({
      ok: true,
      immediate: {},
      grant: { role: 'admin', activate: true },
    });
    // Demoted now, so reactivating hands no power.
    expect(planUserChange({ role: 'manager', active: false }, { role: 'technician', active: true }, false)).toEqual({
      ok: true,
      immediate: { role: 'technician', active: true },
      grant: null,
    });
    // Works as a technician now; manager when approved.
    expect(planUserChange({ role: 'technician', active: false }, { role: 'manager', active: true }, false)).toEqual({
      ok: true,
      immediate: { active: true },
      grant: { role: 'manager', activate: false },
    });
    expect(planUserChange({ role: 'manager', active: false }, { role: 'admin', active: true }, false)).toEqual({
      ok: true,
      immediate: {},
      grant: { role: 'admin', activate: true },
    });
  });

  it('treats a change to the current values as no change', () => {
    expect(planUserChange(manager, { role: 'manager', active: true }, false)).toEqual({ ok: true, immediate: {}, grant: null });
  });

  it('describes a grant with whom it is for, what they hold now, and that approving hands the approver a new password', () => {
    const jo = { displayName: 'Jo Smith', email: 'jo@lab.example' };
    expect(describeGrant({ role: 'manager', activate: false }, { ...jo, ...tech })).toBe(
      'Grant manager to Jo Smith <jo@lab.example> (now technician); approving issues a new temporary password to you',
    );
    expect(describeGrant({ role: 'admin', activate: true }, { ...jo, role: 'admin', active: false })).toBe(
      'Reactivate Jo Smith <jo@lab.example> as admin; approving issues a new temporary password to you',
    );
    expect(describeGrant({ role: 'admin', activate: true }, { ...jo, role: 'manager', active: false })).toBe(
      'Reactivate and grant admin to Jo Smith <jo@lab.example> (now manager, inactive); approving issues a new temporary password to you',
    );
  });
});
