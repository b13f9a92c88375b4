import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PanelRuleEntity } from '../entities/panel-set.entity';
import type { ProductType } from '../product-types';
import type { RuleSetKindDefinition } from '../rule-sets/rule-set-kind';
import { RuleSetsService } from '../rule-sets/rule-sets.service';
import { RulesErrorCode } from '../rules.errors';
import { builtInPanelSet } from './built-in-panel-set';
import { PANEL_SET_SCHEMA } from './panel-set.schema';
import type { PanelRequirement, PanelSetData, PanelSetRow } from './panel-set.types';

export const PANEL_SETS: RuleSetKindDefinition<PanelSetRow, PanelRuleEntity> = {
  schema: PANEL_SET_SCHEMA,
  rowEntity: PanelRuleEntity,
  rowOrder: { productType: 'ASC', analyteGroup: 'ASC' },
  audit: { entityType: 'panel_set', action: 'panel_set.loaded' },
  errors: {
    invalid: RulesErrorCode.INVALID_PANEL_SET,
    exists: RulesErrorCode.PANEL_SET_EXISTS,
    notFound: RulesErrorCode.PANEL_SET_NOT_FOUND,
    noneInForce: RulesErrorCode.NO_PANEL_SET,
  },
};

export interface AssignedPanel {
  panelSetId: string;
  panelSetName: string;
  groups: string[];
}

/** Which analyte groups a product type needs comes from the panel set in force (rule sets of kind 'panels'): data, not code. */
@Injectable()
export class PanelSetsService implements OnApplicationBootstrap {
  constructor(private readonly ruleSets: RuleSetsService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.loadPanelSet(builtInPanelSet());
  }

  /** Stores a validated panel set once; loading a name again changes nothing. */
  async loadPanelSet(data: PanelSetData): Promise<{ created: boolean }> {
    const { created } = await this.ruleSets.seed(PANEL_SETS, data);
    return { created };
  }

  async assignPanel(productType: ProductType, extras: string[], options: { solventExtracted: boolean; on: Date }): Promise<AssignedPanel> {
    const set = await this.ruleSets.inForce(PANEL_SETS, options.on);
    const rows = await this.ruleSets.rowsOf(PANEL_SETS, set.id, { productType });
    const required = rows
      .filter((r) => r.requirement === 'required' || (r.requirement === 'if_solvent_extracted' && options.solventExtracted))
      .map((r) => r.analyteGroup);
    return { panelSetId: set.id, panelSetName: set.name, groups: [...new Set([...required, ...extras])].sort() };
  }

  /**
   * Per group, the analytes the sample's panel set says a complete test must report (null: the set
   * names none for the group, so only the limit set's pass/fail analytes are required). A sample
   * without a panel set of its own (a retest) is held to the set in force on the day it was received.
   */
  async requiredAnalytes(sample: { productType: string; panelSetId: string | null; receivedAt: Date | null }): Promise<Record<string, string[] | null>> {
    const set =
      (sample.panelSetId && (await this.ruleSets.find(PANEL_SETS, sample.panelSetId))) ||
      (await this.ruleSets.inForce(PANEL_SETS, sample.receivedAt ?? new Date()));
    const rows = await this.ruleSets.rowsOf(PANEL_SETS, set.id, { productType: sample.productType });
    return Object.fromEntries(rows.map((r) => [r.analyteGroup, r.analytes ?? null]));
  }

  /** How a panel set requires one analyte group of a product type (null: it does not name the group for it). */
  async requirementOf(panelSetId: string, productType: string, group: string): Promise<PanelRequirement | null> {
    const rows = await this.ruleSets.rowsOf(PANEL_SETS, panelSetId, { productType });
    return rows.find((r) => r.analyteGroup === group)?.requirement ?? null;
  }

  async nameOf(panelSetId: string | null): Promise<string | null> {
    return panelSetId ? ((await this.ruleSets.find(PANEL_SETS, panelSetId))?.name ?? null) : null;
  }
}
