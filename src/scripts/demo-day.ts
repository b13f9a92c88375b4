import { randomInt } from 'node:crypto';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { UsersRepository } from '../auth/users.repository';
import { ReleaseService } from '../certificates/release.service';
import { Actor, SYSTEM_ACTOR } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { ResultsService } from '../results/results.service';
import { ReceiveSampleDto } from '../samples/dto/receive-sample.dto';
import { SampleIntakeService } from '../samples/sample-intake.service';
import { SampleReceivingService } from '../samples/sample-receiving.service';
import { SamplesService } from '../samples/samples.service';
import { seedMetrcTransfers } from './demo-metrc';
import { passingFlowerPanel } from './demo-panel';
import { refuseDemoInProduction } from './demo-refusal';

const PRODUCTS = [
  { productType: 'flower', name: 'Blue Dream whole flower, 3.5 g jar', quantity: '7.0', uom: 'g' },
  { productType: 'pre-roll', name: 'Sour Diesel pre-roll 1 g (5-pack)', quantity: '5', uom: 'each' },
  { productType: 'flower', name: 'Gelato #33 smalls, 7 g pouch', quantity: '14.0', uom: 'g' },
  { productType: 'concentrate', name: 'Live rosin, Papaya, 1 g', quantity: '2.0', uom: 'g' },
  { productType: 'flower', name: 'Wedding Cake whole flower, 3.5 g jar', quantity: '7.0', uom: 'g' },
  { productType: 'vape', name: 'Distillate cartridge, Strawberry Cough, 0.5 g', quantity: '3', uom: 'each' },
];

const tag = () => String(randomInt(1, 10)) + Array.from({ length: 15 }, () => randomInt(0, 10)).join('');

/**
 * A lab's day for the demo: fresh transfers waiting in the state system's simulator (BioTrack's or
 * Metrc's, whichever the adapter is; it forgets on restart), and,
 * the first time, samples at every stage: received, in testing, waiting for review, released.
 * Only against the local simulator; never against a real state system.
 */
export async function seedDemoDay(app: INestApplicationContext, config: AppConfig, licenseNumber: string, managerPassword: string): Promise<void> {
  refuseDemoInProduction(config, 'The demo day');
  const log = new Logger('DemoSeed');
  const sampleIds = config.metrc
    ? await seedMetrcSimulator(config.metrc.baseUrl, licenseNumber, log)
    : await seedBioTrackSimulator(config.biotrack.baseUrl, licenseNumber, log);
  if (!sampleIds) return;

  const users = app.get(UsersRepository);
  const lab = app.get(SamplesService);
  if ((await lab.countByStatus())['released']) return;
  const tech = await users.findByEmail('tech@demo.lab');
  const manager = await users.findByEmail('manager@demo.lab');
  if (!tech || !manager) return;
  const techActor: Actor = { type: 'user', id: tech.id, label: `${tech.displayName} <${tech.email}>`, role: 'technician' };
  const managerActor = { type: 'user' as const, id: manager.id, label: `${manager.displayName} <${manager.email}>`, role: 'manager' as const };

  await app.get(SampleIntakeService).syncFromState(SYSTEM_ACTOR);
  const receiving = app.get(SampleReceivingService);
  const results = app.get(ResultsService);
  const release = app.get(ReleaseService);
  const [inTesting, forReview, released] = await Promise.all(sampleIds.slice(0, 3).map((id) => lab.findByLabCodeOrInventoryId(id)));
  for (const s of [inTesting, forReview, released]) {
    const receipt: ReceiveSampleDto = { receivedQuantity: s!.quantity, unit: s!.unit, condition: 'acceptable', storageLocation: 'Cold room A, shelf 2' };
    await receiving.receiveSample(s!.id, receipt, techActor);
  }
  await results.enterResults(
    inTesting!.id,
    passingFlowerPanel().filter((g) => ['cannabinoids', 'moisture', 'water_activity'].includes(g.group)),
    techActor,
  );
  for (const s of [forReview, released]) {
    await results.enterResults(s!.id, passingFlowerPanel(), techActor);
    await release.submitSample(s!.id, techActor);
  }
  // Signed like any release: the demo manager's password (the one seedDemo gave the demo users), the meaning, and the results reviewed.
  const { resultsDigest } = await results.getResults(released!.id);
  const signature = { password: managerPassword, meaning: 'Reviewed and released' };
  await release.releaseSample(released!.id, managerActor, { signature, resultsDigest }, '127.0.0.1');
  log.log('demo samples: one in testing, one waiting for review, one released (reported by the worker)');
}

const isLocal = (base: string) => /^http:\/\/(127\.0\.0\.1|localhost):/.test(base);

/** Transfers waiting in the BioTrack simulator; answers their sample ids in product order. */
async function seedBioTrackSimulator(base: string, licenseNumber: string, log: Logger): Promise<string[] | null> {
  if (!isLocal(base)) return null;
  const samples = PRODUCTS.map((p, i) => ({
    sampleId: tag(),
    parentInventoryIds: [tag()],
    manifestId: `MAN-${tag().slice(0, 8)}-${i}`,
    senderLicense: licenseNumber,
    ...p,
  }));
  const seeded = await fetch(`${base}/_sim/samples`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ samples }) });
  if (!seeded.ok) {
    log.warn(`could not seed the simulator (${seeded.status}); skipping the demo day`);
    return null;
  }
  log.log(`${samples.length} transfers are waiting in the simulator (use Sync on the Intake screen)`);
  return samples.map((s) => s.sampleId);
}

/**
 * Incoming transfers in the Metrc simulator, received there as a lab does in Metrc's UI; answers the
 * test samples' 24-character package labels in product order.
 */
async function seedMetrcSimulator(base: string, licenseNumber: string, log: Logger): Promise<string[] | null> {
  if (!isLocal(base)) return null;
  const seeded = await seedMetrcTransfers(base, licenseNumber, PRODUCTS);
  if ('refused' in seeded) {
    log.warn(`could not seed the Metrc simulator (${seeded.refused}); skipping the demo day`);
    return null;
  }
  log.log(`${seeded.labels.length} transfers are waiting in the Metrc simulator (use Sync on the Intake screen)`);
  return seeded.labels;
}
