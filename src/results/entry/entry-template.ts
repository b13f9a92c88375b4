import { getAnalyte } from '../../rules/analytes/vocabulary';
import type { EdibleMeasures } from '../../rules/judgement/edible-potency';
import { limitTextOf } from '../../rules/judgement/judge';
import { requiredAnalytesOf } from '../../rules/judgement/judge-sample';
import type { LimitOperator, LimitRule, NotTestedMark } from '../../rules/judgement/judgement.types';
import { methodsOfGroup, type MethodRegistry } from '../../rules/methods/method-registry';
import type { Method } from '../../rules/methods/method-set.types';

/** A limit the console judges with, as the server does (judgement's LimitRule) plus its group and printed text. */
export interface TemplateLimit extends LimitRule {
  group: string;
  operator: LimitOperator;
  limitMin: string | null;
  limitMax: string | null;
  unit: string | null;
  /** "≤ 0.5 µg/g", "Not detected", … as the COA prints it. */
  limit: string;
}

export interface TemplateMethod {
  methodId: string;
  name: string;
  sopRef: string;
  technique: string;
  instrument: string;
  /** The analytes the method is validated for, in the method set's order, with LOD/LOQ in its reporting unit. */
  analytes: { analyte: string; name: string; lod: string | null; loq: string | null; unit: string }[];
}

export interface TemplateGroup {
  group: string;
  /** The sample's panel requires the group. */
  required: boolean;
  /** The panel set's analyte list for the group (null: it names none); judgeGroup's `requiredAnalytes`. */
  panelAnalytes: string[] | null;
  /** What a complete test must report: the panel's list plus every analyte with a pass/fail limit. */
  requiredAnalytes: string[];
  /** The analytes of this version a manager marked not tested. */
  notTested: NotTestedMark[];
  /** The methods in force for the group; with exactly one, it is the group's method until another is picked. */
  methods: TemplateMethod[];
}

export interface EntryTemplate {
  sampleId: string;
  productType: string;
  /** The working COA version the entry goes to. */
  version: number;
  limitSet: { id: string; name: string; effectiveDate: string };
  methodSet: { id: string; name: string; effectiveDate: string } | null;
  /** An edible's package facts: total THC per serving and per package are judged from them. */
  edible: (EdibleMeasures & { servingWeightG: string | null }) | null;
  limits: TemplateLimit[];
  groups: TemplateGroup[];
}

export interface TemplateFacts {
  sample: { id: string; productType: string; panel: readonly string[] };
  version: number;
  edible: EdibleMeasures | null;
  limitSet: { set: { id: string; name: string; effectiveDate: string }; rules: readonly (LimitRule & { analyteGroup: string })[] };
  panelAnalytes: Readonly<Record<string, readonly string[] | null>>;
  registry: MethodRegistry | null;
  marks: readonly (NotTestedMark & { group: string })[];
}

/**
 * What hand entry of a sample starts from: each group of its panel with the analytes a complete test
 * must report (the same requiredAnalytesOf the judgement applies on Save), the methods that give their
 * unit, LOD and LOQ, and the limits in force, so the console can judge while values are typed.
 */
export function entryTemplate(facts: TemplateFacts): EntryTemplate {
  const limits: TemplateLimit[] = facts.limitSet.rules.map((r) => ({
    analyte: r.analyte,
    group: r.analyteGroup,
    operator: r.operator,
    limitMin: r.limitMin ?? null,
    limitMax: r.limitMax ?? null,
    unit: r.unit ?? null,
    limit: limitTextOf(r),
  }));
  const groups = [...new Set(facts.sample.panel)].sort().map((group): TemplateGroup => {
    const listed = facts.panelAnalytes[group] ?? null;
    return {
      group,
      required: true,
      panelAnalytes: listed ? [...listed] : null,
      requiredAnalytes: requiredAnalytesOf(group, listed, facts.limitSet.rules),
      notTested: facts.marks.filter((m) => m.group === group).map((m) => ({ analyte: m.analyte, reason: m.reason })),
      methods: facts.registry ? methodsOfGroup(facts.registry, group).map(toTemplateMethod) : [],
    };
  });
  return {
    sampleId: facts.sample.id,
    productType: facts.sample.productType,
    version: facts.version,
    limitSet: { id: facts.limitSet.set.id, name: facts.limitSet.set.name, effectiveDate: facts.limitSet.set.effectiveDate },
    methodSet: facts.registry ? { ...facts.registry.set } : null,
    edible: facts.edible ? { ...facts.edible, servingWeightG: facts.edible.servingWeightG ?? null } : null,
    limits,
    groups,
  };
}

function toTemplateMethod(m: Method): TemplateMethod {
  return {
    methodId: m.methodId,
    name: m.name,
    sopRef: m.sopRef,
    technique: m.technique,
    instrument: m.instrument,
    analytes: [...m.analytes.values()].map((a) => ({
      analyte: a.analyte,
      name: getAnalyte(a.analyte)?.name ?? a.analyte,
      lod: a.lod,
      loq: a.loq,
      unit: a.unit,
    })),
  };
}
