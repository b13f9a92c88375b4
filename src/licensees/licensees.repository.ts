import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { LicenseeEntity } from './licensee.entity';

@Injectable()
export class LicenseesRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager.getRepository(LicenseeEntity);
  }

  /** Held until the transaction ends, so two registrations of one license cannot both pass the existence check. */
  async lockLicenseNumber(licenseNumber: string): Promise<void> {
    await this.uow.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`licensee:${licenseNumber}`]);
  }

  findByLicenseNumber(licenseNumber: string): Promise<LicenseeEntity | null> {
    return this.repo.findOneBy({ licenseNumber });
  }

  findById(id: string): Promise<LicenseeEntity | null> {
    return this.repo.findOneBy({ id });
  }

  list(): Promise<LicenseeEntity[]> {
    return this.repo.find({ order: { licenseNumber: 'ASC' } });
  }

  save(entity: Partial<LicenseeEntity>): Promise<LicenseeEntity> {
    return this.repo.save(this.repo.create(entity));
  }
}
