import type { AnalyteGroup } from '../product-types';

/** One canonical analyte of LabTrace's vocabulary; results, limits and COAs refer to it by `id`. */
export interface Analyte {
  /** Stable kebab-case id stored with every result and limit row ('d9-thc', 'thca', 'total-thc'). */
  id: string;
  /** Name printed on the COA. */
  name: string;
  group: AnalyteGroup;
  /** Canonical unit (see judgement/units.ts) a result is reported in unless the lab says otherwise. */
  defaultUnit: string;
  /** Other spellings labs, instruments and COAs use; matched after normalisation (analyte-name.ts). */
  aliases: readonly string[];
  /** Derived from other analytes by LabTrace (total THC, total CBD); never accepted as input. */
  computed?: boolean;
  /** Element symbol, for metals. */
  symbol?: string;
}
