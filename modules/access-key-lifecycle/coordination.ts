import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import type { ResourceNames } from './names';

/**
 * The table of cross-run coordination (issue 7 items 7 and 8: the rolling destructive-action budget and
 * notices-once). The key schema is the engine's contract (docs/lifecycle.md, "Coordination table"):
 * string `pk`, string `sk`, TTL on the number attribute `ttl`; the item layout is the engine's.
 */
export function createCoordinationTable(
  scope: Construct,
  names: ResourceNames,
  kmsKeyArn: string,
): DynamodbTable {
  const table = new DynamodbTable(scope, 'coordination', {
    name: names.coordinationTableName,
    billingMode: 'PAY_PER_REQUEST',
    hashKey: 'pk',
    rangeKey: 'sk',
    attribute: [
      { name: 'pk', type: 'S' },
      { name: 'sk', type: 'S' },
    ],
    ttl: { attributeName: 'ttl', enabled: true },
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true, kmsKeyArn },
    // A new name (namePrefix) replaces the table, and with it the rolling budget and notices-once: the
    // plan fails instead (docs/module.md, "Inputs that replace or remove resources").
    lifecycle: { preventDestroy: true },
  });
  table.overrideLogicalId('coordination');
  return table;
}
