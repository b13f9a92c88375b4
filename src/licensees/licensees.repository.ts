import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { LicenseeEntity } from './licensee.entity';

@Injectable()
export class LicenseesRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager.getRepository(LicenseeEntity);
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
