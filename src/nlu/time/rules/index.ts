/** The whole grammar, in one list. */
import type { Rule } from '../engine';
import { clockRules } from './clock';
import { dateRules } from './dates';
import { holidayRules } from './holidays';
import { intervalRules } from './intervals';
import { quantityRules } from './quantities';
import { relativeRules } from './relative';

export const ALL_RULES: readonly Rule[] = [
  ...quantityRules,
  ...clockRules,
  ...dateRules,
  ...relativeRules,
  ...intervalRules,
  ...holidayRules,
];
