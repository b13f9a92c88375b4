import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { UnitOfWork } from '../database/unit-of-work';
import { CreateLicenseeDto, LicenseeResponseDto, toLicenseeResponse } from './dto/licensee.dto';
import { LicenseeEntity } from './licensee.entity';
import { LicenseeError, LicenseeErrorCode } from './licensees.errors';
import { LicenseesRepository } from './licensees.repository';

@Injectable()
export class LicenseesService {
  constructor(
    private readonly licensees: LicenseesRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<LicenseeResponseDto[]> {
    return (await this.licensees.list()).map(toLicenseeResponse);
  }

  async registerLicensee(dto: CreateLicenseeDto, actor: Actor): Promise<LicenseeResponseDto> {
    return this.uow.run(async () => {
      await this.licensees.lockLicenseNumber(dto.licenseNumber);
      if (await this.licensees.findByLicenseNumber(dto.licenseNumber)) {
        throw new LicenseeError(LicenseeErrorCode.LICENSEE_EXISTS, `Licensee ${dto.licenseNumber} is already registered`);
      }
      const saved = await this.licensees.save({ ...dto });
      const after = toLicenseeResponse(saved);
      await this.audit.record({ actor, action: 'licensee.registered', entityType: 'licensee', entityId: saved.id, after });
      return after;
    });
  }

  /** For other modules: the licensee behind a license number, or a 404-mapped error. */
  async getByLicenseNumber(licenseNumber: string): Promise<LicenseeEntity> {
    const l = await this.licensees.findByLicenseNumber(licenseNumber);
    if (!l) throw new LicenseeError(LicenseeErrorCode.LICENSEE_NOT_FOUND, `No licensee ${licenseNumber}`);
    return l;
  }

  findByLicenseNumber(licenseNumber: string): Promise<LicenseeEntity | null> {
    return this.licensees.findByLicenseNumber(licenseNumber);
  }

  findById(id: string): Promise<LicenseeEntity | null> {
    return this.licensees.findById(id);
  }
}
