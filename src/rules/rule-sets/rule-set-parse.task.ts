import { workerTask } from '../../common/parsing/parse-pool';
import { assertTextShape } from '../../common/parsing/text-shape';
import { LIMIT_SET_SCHEMA } from '../limit-sets/limit-set.schema';
import { METHOD_SET_SCHEMA } from '../methods/method-set.schema';
import { PANEL_SET_SCHEMA } from '../panel-sets/panel-set.schema';
import { parseRuleSetUpload } from './rule-set-upload';
import type { RuleSetFormat, RuleSetKind, RuleSetParseResult, RuleSetSchema } from './rule-set.types';

/** An uploaded rule set file as a parsing thread reads it (the schema travels by kind: it holds functions). */
export interface RuleSetParseInput {
  kind: RuleSetKind;
  text: string;
  format: RuleSetFormat;
}

const SCHEMAS: Record<RuleSetKind, RuleSetSchema<unknown, unknown>> = {
  limits: LIMIT_SET_SCHEMA,
  panels: PANEL_SET_SCHEMA,
  methods: METHOD_SET_SCHEMA,
};

/** Runs in a parsing thread: the CSV's shape caps, then parseRuleSetUpload with the kind's schema. */
export function parseRuleSet(input: RuleSetParseInput): RuleSetParseResult<unknown> {
  const schema = SCHEMAS[input.kind];
  if (input.format === 'csv') assertTextShape(input.text, `the ${schema.noun} file`);
  return parseRuleSetUpload(input.text, input.format, schema);
}

/** Resolved here so that the path is the .ts under jest and ts-node and the compiled .js in dist. */
export const RULE_SET_PARSE_TASK = workerTask<RuleSetParseInput, RuleSetParseResult<unknown>>(require.resolve('./rule-set-parse.task'), 'parseRuleSet');
