/**
 * The coordination table as the module creates it (string `pk`, string `sk`, TTL on number `ttl`),
 * made directly in the emulator for integration tests, and read back raw for assertions.
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  QueryCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';

export const COORDINATION_TABLE_NAME = 'iam-key-lifecycle-coordination';

export async function createCoordinationTable(
  tableName = COORDINATION_TABLE_NAME,
): Promise<string> {
  const dynamodb = new DynamoDBClient({});
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    }),
  );
  return tableName;
}

/** Every item of one partition (`budget` or `notice`), attribute values as plain strings. */
export async function coordinationItems(
  pk: 'budget' | 'notice',
  tableName = COORDINATION_TABLE_NAME,
): Promise<Record<string, string>[]> {
  const dynamodb = new DynamoDBClient({});
  const items: Record<string, string>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk } },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      items.push(Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v.S ?? v.N ?? ''])));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
