import { Construct } from 'constructs';
import { DynamodbResourcePolicy } from '@cdktf/provider-aws/lib/dynamodb-resource-policy';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import type { ResourceNames } from './names';
import { resourcePolicyJson } from './policy-document';

/**
 * The table of cross-run coordination (the rolling destructive-action budget and notices-once). The key schema is the engine's contract (docs/lifecycle.md, "Coordination table"):
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

/** Every DynamoDB action that writes or deletes items (PartiQL included). */
export const ITEM_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
] as const;

/**
 * Only the engine role writes the table's items (docs/threat-model.md, "The coordination table"): a
 * resource policy denies every item write to any other principal, whatever its identity policy grants.
 * Managing the table and this policy is left to the account's administrators (denying that too would
 * lock Terraform out of its own table); the engine also authenticates what it reads there.
 */
export function restrictCoordinationWrites(
  scope: Construct,
  table: DynamodbTable,
  tableArn: string,
  engineRoleArn: string,
): DynamodbResourcePolicy {
  const policy = new DynamodbResourcePolicy(scope, 'coordination_writers', {
    resourceArn: table.arn,
    policy: resourcePolicyJson([
      {
        sid: 'OnlyEngineRoleWritesItems',
        effect: 'Deny',
        principals: { AWS: ['*'] },
        actions: ITEM_WRITE_ACTIONS,
        resources: [tableArn],
        conditions: [
          { test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [engineRoleArn] },
        ],
      },
    ]),
  });
  policy.overrideLogicalId('coordination_writers');
  return policy;
}
