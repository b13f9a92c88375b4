import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { UnitOfWork } from '../../database/unit-of-work';
import { ApiKeyEntity } from './api-key.entity';

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager.getRepository(ApiKeyEntity);
  }

  findByPrefix(prefix: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOneBy({ prefix });
  }

  findForLicensee(licenseeId: string, id: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOneBy({ licenseeId, id });
  }

  listForLicensee(licenseeId: string): Promise<ApiKeyEntity[]> {
    return this.repo.find({ where: { licenseeId }, order: { createdAt: 'DESC' } });
  }

  save(entity: Partial<ApiKeyEntity>): Promise<ApiKeyEntity> {
    return this.repo.save(this.repo.create(entity));
  }

  async revoke(id: string, by: string): Promise<void> {
    await this.repo.update({ id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedBy: by });
  }

  /** Last-used is advisory; written at most once a minute per key so polling does not write per request. */
  async touch(id: string): Promise<void> {
    await this.uow.query(
      `UPDATE licensee_api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }
}
