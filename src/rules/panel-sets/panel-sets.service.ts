import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { UnitOfWork } from '../../database/unit-of-work';
import { PanelRequirement } from '../entities/panel-set.entity';
import { BUILT_IN_PANEL_SET } from './built-in-panel-set';
import { PanelSetsRepository } from './panel-sets.repository';
import { ProductType } from '../product-types';
import { RulesError, RulesErrorCode } from '../rules.errors';

export interface PanelSetData {
  name: string;
  effectiveDate: string;
  source: string;
  rows: Array<{ productType: string; analyteGroup: string; requirement: PanelRequirement; source?: string }>;
}

export interface AssignedPanel {
  panelSetId: string;
  panelSetName: string;
  groups: string[];
}

/** Which analyte groups a product type needs comes from the panel set in force: data, not code. */
@Injectable()
export class PanelSetsService implements OnApplicationBootstrap {
  constructor(
    private readonly panelSets: PanelSetsRepository,
    private readonly uow: UnitOfWork,
  ) {}

  /** Seeds the built-in set (from ny-testing-rules.md) once; a lock keeps parallel boots from racing. */
  async onApplicationBootstrap(): Promise<void> {
    await this.loadPanelSet(BUILT_IN_PANEL_SET);
  }

  async loadPanelSet(data: PanelSetData): Promise<{ created: boolean }> {
    return this.uow.run(async () => {
      await this.panelSets.lock(`panel_set:${data.name}`);
      if (await this.panelSets.findByName(data.name)) return { created: false };
      await this.panelSets.insertSet(
        { name: data.name, effectiveDate: data.effectiveDate, source: data.source },
        data.rows.map((r) => ({ productType: r.productType, analyteGroup: r.analyteGroup, requirement: r.requirement, source: r.source ?? null })),
      );
      return { created: true };
    });
  }

  async assignPanel(productType: ProductType, extras: string[], options: { solventExtracted: boolean; on: Date }): Promise<AssignedPanel> {
    const set = await this.panelSets.inForceOn(options.on.toISOString().slice(0, 10));
    if (!set) throw new RulesError(RulesErrorCode.NO_PANEL_SET, `No panel set is in force on ${options.on.toISOString().slice(0, 10)}`);
    const rows = await this.panelSets.rowsFor(set.id, productType);
    const required = rows.filter((r) => r.requirement === 'required' || (r.requirement === 'if_solvent_extracted' && options.solventExtracted)).map((r) => r.analyteGroup);
    return { panelSetId: set.id, panelSetName: set.name, groups: [...new Set([...required, ...extras])].sort() };
  }

  async nameOf(panelSetId: string | null): Promise<string | null> {
    return panelSetId ? ((await this.panelSets.findById(panelSetId))?.name ?? null) : null;
  }
}
