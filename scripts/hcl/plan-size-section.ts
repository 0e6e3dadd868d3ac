/**
 * The "Plan size" section of docs/module.md: how long `terraform plan -no-color` of `examples/basic` is
 * (one instance, defaults, a fresh stack), and which resources make it so. The figures were measured
 * with Terraform 1.11 and hashicorp/aws 5.100.0; __tests__/module/plan-size.test.ts measures the plan
 * again and fails when it outgrows PLAN_SIZE_LIMIT.
 */

/** What the plan of examples/basic measured when this section was written. */
export const PLAN_SIZE_MEASURED = { lines: 1_027, bytes: 47_280 } as const;

/** The ceiling the test holds the plan to: the measurement plus room for a few attributes. */
export const PLAN_SIZE_LIMIT = { lines: 1_060, bytes: 49_000 } as const;

/** Lines and bytes by resource type, largest first (`[type, resources, lines, bytes]`). */
const BY_TYPE: readonly (readonly [string, number, number, number])[] = [
  ['aws_cloudwatch_dashboard', 1, 202, 8_865],
  ['aws_iam_role_policy', 2, 198, 8_790],
  ['aws_kms_key', 2, 132, 6_099],
  ['aws_cloudwatch_metric_alarm', 5, 110, 6_689],
  ['aws_lambda_function', 1, 80, 3_807],
  ['aws_dynamodb_table', 1, 39, 1_194],
  ['aws_dynamodb_resource_policy', 1, 38, 1_728],
  ['aws_sns_topic_subscription', 2, 37, 1_860],
  ['aws_iam_role', 1, 32, 1_278],
  ['eight other types', 9, 109, 5_505],
];

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

export function planSizeSection(): string {
  const rows = BY_TYPE.map(
    ([type, count, lines, bytes]) =>
      `| ${type.startsWith('aws_') ? `\`${type}\`` : type} | ${count} | ${lines} | ${kb(bytes)} |`,
  );
  return `## Plan size

\`terraform plan -no-color\` of \`examples/basic\` (one instance with the defaults: report mode, one ops
address, one owner; a fresh stack) is ${PLAN_SIZE_MEASURED.lines} lines, ${kb(PLAN_SIZE_MEASURED.bytes)}
(Terraform 1.11, hashicorp/aws 5.100.0; \`__tests__/module/plan-size.test.ts\` measures it and fails above
${PLAN_SIZE_LIMIT.lines} lines or ${kb(PLAN_SIZE_LIMIT.bytes)}). It was 1,146 lines and 52.9 KB before the
dashboard body was made compact (382 of those lines were the body); the coordination table's resource
policy and the guards added since take 61 lines. What dominates:

| resource type | resources | lines | size |
|---|---|---|---|
${rows.join('\n')}

The other ${PLAN_SIZE_MEASURED.lines - 977} lines are Terraform's header, the data sources it reads and the outputs.
Nothing is hidden to make it shorter: every policy document, the key policy, the function environment
and the dashboard body are shown in full (Terraform prints a JSON string attribute as an expanded
\`jsonencode(…)\`, one line per value). The dashboard body names only what CloudWatch would not default
(no colours, axis settings or text widget). 151 of the lines are \`(known after apply)\` attributes the
provider computes. Not reached: a plan of 600 lines and 25 KB. The role policies, the two keys and the
five alarms alone take 440 lines and 21.6 KB; getting there would mean fewer alarms, fewer policy
statements or the dashboard off by default (\`create_dashboard = false\` removes 203 lines and 8.9 KB).
`;
}
