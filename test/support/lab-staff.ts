import { LicenseeHandle, registerLicensee } from './lab';
import type { Signed } from './sign-in';
import type { TestContext } from './test-app';

/** The people most tests of the lab's work need, each signed in, and one licensee with an API key. */
export interface LabStaff {
  technician: Signed;
  manager: Signed;
  /** Registered the licensee; tests that check nothing of admins still get one. */
  admin: Signed;
  licensee: LicenseeHandle;
}

export interface LabStaffOptions {
  /** A second manager, for the other pair of eyes (releasing, approving an amendment). */
  secondManager?: boolean;
  /** The licensee's registered name (default: registerLicensee's). */
  licenseeName?: string;
}

/**
 * Creates and signs in a technician, a manager (and a second one when asked), an admin, and registers a
 * licensee through the admin API, in that order.
 */
export async function labStaff(t: TestContext, options: LabStaffOptions & { secondManager: true }): Promise<LabStaff & { secondManager: Signed }>;
export async function labStaff(t: TestContext, options?: LabStaffOptions): Promise<LabStaff>;
export async function labStaff(t: TestContext, options: LabStaffOptions = {}): Promise<LabStaff & { secondManager?: Signed }> {
  const technician = await t.userToken('technician');
  const manager = await t.userToken('manager');
  const secondManager = options.secondManager ? await t.userToken('manager') : undefined;
  const admin = await t.userToken('admin');
  const licensee = await registerLicensee(t, admin.token, options.licenseeName);
  return { technician, manager, ...(secondManager ? { secondManager } : {}), admin, licensee };
}
