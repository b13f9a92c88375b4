import { INestApplicationContext, Logger } from '@nestjs/common';
import { UsersRepository } from '../auth/users.repository';
import { UsersService } from '../auth/users.service';
import { SYSTEM_ACTOR, Role } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { LicenseesService } from '../licensees/licensees.service';
import { seedDemoDay } from './demo-day';
import { refuseDemoInProduction } from './demo-refusal';

export const DEMO_LICENSEE = {
  licenseNumber: 'OCM-CULT-24-000123',
  name: 'Hudson Valley Greens LLC',
  contactName: 'Dana Reyes',
  contactEmail: 'qa@hudsonvalleygreens.example',
  contactPhone: '(845) 555-0199',
  address: '12 Orchard Road, Kingston, NY 12401',
};

const DEMO_USERS: Array<{ email: string; displayName: string; role: Role }> = [
  { email: 'tech@demo.lab', displayName: 'Terry Tech', role: 'technician' },
  { email: 'manager@demo.lab', displayName: 'Morgan Manager', role: 'manager' },
  { email: 'manager2@demo.lab', displayName: 'Mel Second-Manager', role: 'manager' },
  { email: 'admin@demo.lab', displayName: 'Alex Admin', role: 'admin' },
  // A second admin, so the console can show the two-person rule: one asks, the other approves.
  { email: 'admin2@demo.lab', displayName: 'Avery Second-Admin', role: 'admin' },
];

/**
 * Idempotent: creates what is missing and leaves the rest alone. Users are created by LabTrace itself
 * (the system actor), which writes manager and admin roles directly: the two-person rule applies to
 * people acting through the API, and a lab needs its first two admins from somewhere.
 */
export async function seedDemo(app: INestApplicationContext, password: string, config?: AppConfig): Promise<void> {
  refuseDemoInProduction(config ?? app.get(AppConfig), 'The demo seed');
  const log = new Logger('DemoSeed');
  const users = app.get(UsersService);
  const userRepo = app.get(UsersRepository);
  for (const u of DEMO_USERS) {
    if (await userRepo.findByEmail(u.email)) continue;
    await users.createUser({ ...u, password }, SYSTEM_ACTOR);
    log.log(`created ${u.role} ${u.email}`);
  }
  const licensees = app.get(LicenseesService);
  if (!(await licensees.findByLicenseNumber(DEMO_LICENSEE.licenseNumber))) {
    await licensees.registerLicensee(DEMO_LICENSEE, SYSTEM_ACTOR);
    log.log(`registered licensee ${DEMO_LICENSEE.licenseNumber}`);
  }
  if (config) await seedDemoDay(app, config, DEMO_LICENSEE.licenseNumber, password);
}
