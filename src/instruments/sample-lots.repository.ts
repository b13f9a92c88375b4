import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { SampleEntity } from '../samples/entities/sample.entity';

/** The one sample query the import matcher needs that the samples module does not offer. */
@Injectable()
export class SampleLotsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The samples taken from any of these lots (sampled inventory ids), oldest first, in one read however many lots (GIN index on inventory_ids). */
  samplesOfLots(lots: readonly string[]): Promise<SampleEntity[]> {
    if (lots.length === 0) return Promise.resolve([]);
    return this.uow.manager
      .getRepository(SampleEntity)
      .createQueryBuilder('s')
      .where('s.inventory_ids && CAST(:lots AS text[])', { lots: [...lots] })
      .orderBy('s.createdAt', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getMany();
  }
}
