import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../database/unit-of-work';
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

  async pdfOf(id: string): Promise<Buffer | null> {
    const row = await this.docs.createQueryBuilder('d').addSelect('d.pdf').where('d.id = :id', { id }).getOne();
    return row?.pdf ?? null;
  }
}
