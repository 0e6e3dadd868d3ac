/**
 * The "Plan size" section of docs/module.md: how long `terraform plan -no-color` of `examples/basic` is
 * (one instance, defaults, a fresh stack), and which resources make it so. The figures were measured
 * with Terraform 1.11 and hashicorp/aws 5.100.0; __tests__/module/plan-size.test.ts measures the plan
 * again and fails when it outgrows PLAN_SIZE_LIMIT.
 */

/** What the plan of examples/basic measured when this section was written. */
export const PLAN_SIZE_MEASURED = { lines: 966, bytes: 44_769 } as const;

/** The ceiling the test holds the plan to: the measurement plus room for a few attributes. */
export const PLAN_SIZE_LIMIT = { lines: 1_000, bytes: 46_000 } as const;

/** Lines and bytes by resource type, largest first (`[type, resources, lines, bytes]`). */
const BY_TYPE: readonly (readonly [string, number, number, number])[] = [
  ['aws_cloudwatch_dashboard', 1, 203, 8_866],
  ['aws_iam_role_policy', 2, 187, 8_237],
  ['aws_kms_key', 2, 134, 6_101],
  ['aws_cloudwatch_metric_alarm', 5, 115, 6_694],
  ['aws_lambda_function', 1, 73, 3_585],
  ['aws_dynamodb_table', 1, 40, 1_195],
  ['aws_sns_topic_subscription', 2, 39, 1_862],
  ['aws_iam_role', 1, 33, 1_276],
  ['eight other types', 9, 118, 5_514],
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
dashboard body was made compact (382 of those lines were the body). What dominates:

| resource type | resources | lines | size |
|---|---|---|---|
${rows.join('\n')}

The other ${PLAN_SIZE_MEASURED.lines - 942} lines are Terraform's header, the data sources it reads and the outputs.
Nothing is hidden to make it shorter: every policy document, the key policy, the function environment
and the dashboard body are shown in full (Terraform prints a JSON string attribute as an expanded
\`jsonencode(…)\`, one line per value). The dashboard body names only what CloudWatch would not default
(no colours, axis settings or text widget). 148 of the lines are \`(known after apply)\` attributes the
provider computes. Not reached: a plan of 600 lines and 25 KB. The role policies, the two keys and the
five alarms alone take 436 lines and 21 KB; getting there would mean fewer alarms, fewer policy
statements or the dashboard off by default (\`create_dashboard = false\` removes 203 lines and 8.9 KB).
`;
}
