import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../database/unit-of-work';
import { PanelSetEntity, PanelSetRowEntity } from '../entities/panel-set.entity';

@Injectable()
export class PanelSetsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  findByName(name: string): Promise<PanelSetEntity | null> {
    return this.uow.manager.getRepository(PanelSetEntity).findOneBy({ name });
  }

  findById(id: string): Promise<PanelSetEntity | null> {
    return this.uow.manager.getRepository(PanelSetEntity).findOneBy({ id });
  }

  /** The set in force on a date: the latest effective on or before it. */
  inForceOn(date: string): Promise<PanelSetEntity | null> {
    return this.uow.manager
      .getRepository(PanelSetEntity)
      .createQueryBuilder('p')
      .where('p.effective_date <= :date', { date })
      .orderBy('p.effective_date', 'DESC')
      .addOrderBy('p.created_at', 'DESC')
      .getOne();
  }

  rowsFor(panelSetId: string, productType: string): Promise<PanelSetRowEntity[]> {
    return this.uow.manager.getRepository(PanelSetRowEntity).findBy({ panelSetId, productType });
  }

  async insertSet(set: Pick<PanelSetEntity, 'name' | 'effectiveDate' | 'source'>, rows: Array<Omit<PanelSetRowEntity, 'panelSetId'>>): Promise<PanelSetEntity> {
    const saved = await this.uow.manager.getRepository(PanelSetEntity).save(set);
    await this.uow.manager.getRepository(PanelSetRowEntity).insert(rows.map((r) => ({ ...r, panelSetId: saved.id })));
    return saved;
  }

  async lock(key: string): Promise<void> {
    await this.uow.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
  }
}
