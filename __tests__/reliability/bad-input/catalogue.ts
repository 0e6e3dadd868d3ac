/** The whole bad-input catalogue, category by category (issue 10). */
import type { CategoryCatalogue } from './case';
import { ENVIRONMENT } from './environment-cases';
import { EVENTS } from './event-cases';
import { USER_TAGS } from './tag-cases';
import { CREDENTIAL_REPORT } from './report-cases';
import { SECRETS } from './secret-cases';
import { CONSTRUCT_PROPS } from './props-cases';
import { LEGACY_STATE } from './legacy-state-cases';
import { COORDINATION_TABLE } from './table-cases';

export const CATALOGUE: readonly CategoryCatalogue[] = [
  ENVIRONMENT,
  EVENTS,
  USER_TAGS,
  CREDENTIAL_REPORT,
  SECRETS,
  CONSTRUCT_PROPS,
  LEGACY_STATE,
  COORDINATION_TABLE,
];
