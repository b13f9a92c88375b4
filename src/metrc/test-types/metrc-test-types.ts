import { Inject, Injectable, Logger } from '@nestjs/common';
import { MetrcClient } from '../client/metrc.client';
import { refused } from '../metrc-error.mapping';
import { TestTypeMap } from './test-type-map';

export const METRC_TEST_TYPE_MAP = Symbol('METRC_TEST_TYPE_MAP');

/** How long Metrc's list of lab test types is trusted before it is read again. */
const TYPES_TTL_MS = 60 * 60_000;

export interface TestTypeCheck {
  map: string;
  known: number;
  /** Types the map names that Metrc does not list: a report needing one is refused. */
  missing: string[];
}

/**
 * The test-type map in force, held against the lab test types Metrc serves (`GET /labtests/v2/types`):
 * checked at start (missing types logged loudly) and before each report.
 */
@Injectable()
export class MetrcTestTypes {
  private readonly logger = new Logger(MetrcTestTypes.name);
  private known: { names: Set<string>; at: number } | null = null;

  constructor(
    private readonly client: MetrcClient,
    @Inject(METRC_TEST_TYPE_MAP) readonly map: TestTypeMap,
  ) {}

  /** Reads Metrc's types and compares; logs an error naming every mapped type Metrc lacks. */
  async check(): Promise<TestTypeCheck> {
    const names = await this.load(true);
    const missing = this.map.types.map((t) => t.type).filter((t) => !names.has(t));
    const result = { map: this.map.name, known: names.size, missing };
    if (missing.length > 0) {
      this.logger.error(
        `Metrc lab test types MISSING for map ${this.map.name} (${this.map.effectiveDate}): ${missing.map((m) => `"${m}"`).join(', ')}. ` +
          `Reports needing them will be refused until src/metrc/data holds a map with Metrc's names.`,
      );
    } else {
      this.logger.log(`Metrc lab test types: all ${this.map.types.length} of map ${this.map.name} are known to Metrc (${names.size} types)`);
    }
    return result;
  }

  /** Refuses (nothing sent) when Metrc does not list one of these type names. */
  async ensureKnown(typeNames: readonly string[]): Promise<void> {
    let names = await this.load(false);
    if (typeNames.some((t) => !names.has(t))) names = await this.load(true);
    const missing = typeNames.filter((t) => !names.has(t));
    if (missing.length > 0) {
      throw refused(
        `Metrc does not list the lab test type(s) ${missing.map((m) => `"${m}"`).join(', ')} that map ${this.map.name} uses; ` +
          `add a test-type map with Metrc's names to src/metrc/data`,
      );
    }
  }

  private async load(fresh: boolean): Promise<Set<string>> {
    if (!fresh && this.known && Date.now() - this.known.at < TYPES_TTL_MS) return this.known.names;
    const types = await this.client.listTestTypes();
    this.known = { names: new Set(types.map((t) => t.Name)), at: Date.now() };
    return this.known.names;
  }
}
