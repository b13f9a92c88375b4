import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../database/unit-of-work';
import { PanelRuleEntity } from '../../rules/entities/panel-set.entity';
import type { PanelRequirement } from '../../rules/panel-sets/panel-set.types';
import { CoaDocumentEntity } from '../entities/coa-document.entity';

@Injectable()
export class CoaDocumentsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get docs() {
    return this.uow.manager.getRepository(CoaDocumentEntity);
  }

  async insert(doc: Omit<CoaDocumentEntity, 'id' | 'createdAt'>): Promise<CoaDocumentEntity> {
    const result = await this.docs.insert(doc);
    return { ...doc, id: result.identifiers[0].id as string, createdAt: new Date() };
  }

  /** Metadata only; the PDF bytes are read on their own (they can be megabytes). */
  versions(sampleId: string): Promise<CoaDocumentEntity[]> {
    return this.docs.find({ where: { sampleId }, order: { version: 'ASC' } });
  }

  findVersion(sampleId: string, version: number): Promise<CoaDocumentEntity | null> {
    return this.docs.findOneBy({ sampleId, version });
  }

  findByToken(token: string): Promise<CoaDocumentEntity | null> {
    return this.docs.findOneBy({ verifyToken: token });
  }

  /**
   * How a sample's own panel set requires a group of its product type (null: not at all). Read here for
   * the COA's scope line: the certificates module does not import the rules module's services.
   */
  async panelRequirement(panelSetId: string, productType: string, group: string): Promise<PanelRequirement | null> {
    const row = await this.uow.manager.getRepository(PanelRuleEntity).findOneBy({ ruleSetId: panelSetId, productType, analyteGroup: group });
    return row?.requirement ?? null;
  }

  async pdfOf(id: string): Promise<Buffer | null> {
    const row = await this.docs.createQueryBuilder('d').addSelect('d.pdf').where('d.id = :id', { id }).getOne();
    return row?.pdf ?? null;
  }
}
