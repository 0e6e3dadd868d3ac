/**
 * A user agent as CloudTrail records it, reduced to the product and major version a person recognises
 * (`aws-cli/2`, `Boto3/1`, `Terraform/1`, `aws-sdk-js/3`). Full strings carry patch versions, OS and
 * feature flags that differ between two runs of the same program; the fingerprint must not.
 */

/** Products named before the SDK they run on: `Terraform/1.9 ... aws-sdk-go-v2/1.30` is Terraform. */
const PRODUCTS = [
  'Terraform',
  'Pulumi',
  'aws-cli',
  'aws-cdk',
  'Boto3',
  'Botocore',
  'aws-sdk-js',
  'aws-sdk-nodejs',
  'aws-sdk-go-v2',
  'aws-sdk-go',
  'aws-sdk-java',
  'aws-sdk-dotnet-coreclr',
  'aws-sdk-dotnet-framework',
  'aws-sdk-ruby3',
  'aws-sdk-ruby2',
  'aws-sdk-php',
  'aws-sdk-rust',
  'aws-sdk-cpp',
  'aws-sdk-kotlin',
  'aws-sdk-swift',
  'aws-sdk-powershell',
  'AWSPowerShell',
] as const;

const TOKEN = /([A-Za-z][A-Za-z0-9._-]*)\/v?(\d+)/g;
const MAX_UNKNOWN = 40;

/** Product/major of the most specific known product in the string, else its first name/version token. */
export function normaliseUserAgent(userAgent: string): string {
  const ua = userAgent.trim().replace(/^\[|\]$/g, '');
  if (ua === '') return 'unknown';
  if (/^AWS Internal$/i.test(ua) || /^aws-internal\//i.test(ua)) return 'AWS Internal';
  if (/\.amazonaws\.com$/i.test(ua)) return ua.toLowerCase();
  const tokens = [...ua.matchAll(TOKEN)].map((m) => ({ name: m[1]!, major: m[2]! }));
  for (const product of PRODUCTS) {
    const found = tokens.find((t) => t.name.toLowerCase() === product.toLowerCase());
    if (found) return `${product}/${Number(found.major)}`;
  }
  const first = tokens[0];
  if (first) return `${first.name}/${Number(first.major)}`;
  return ua.length > MAX_UNKNOWN ? `${ua.slice(0, MAX_UNKNOWN)}…` : ua;
}

/** Where the user agent says the caller runs: a CI system or an AWS compute service. */
export type Platform =
  | 'github-actions'
  | 'gitlab-ci'
  | 'jenkins'
  | 'circleci'
  | 'buildkite'
  | 'bitbucket-pipelines'
  | 'azure-pipelines'
  | 'aws-codebuild'
  | 'aws-lambda'
  | 'amazon-ecs'
  | 'amazon-ec2';

const PLATFORM_MARKERS: readonly (readonly [RegExp, Platform])[] = [
  [/github[-_ ]?actions|configure-aws-credentials/i, 'github-actions'],
  [/gitlab/i, 'gitlab-ci'],
  [/jenkins/i, 'jenkins'],
  [/circleci/i, 'circleci'],
  [/buildkite/i, 'buildkite'],
  [/bitbucket/i, 'bitbucket-pipelines'],
  [/azure[-_ ]?(pipelines|devops)/i, 'azure-pipelines'],
  [/exec-env\/AWS_CodeBuild|codebuild/i, 'aws-codebuild'],
  [/exec-env\/AWS_Lambda/i, 'aws-lambda'],
  [/exec-env\/AWS_ECS/i, 'amazon-ecs'],
  [/exec-env\/(AWS_)?EC2|md\/ec2|\bec2-instance\b/i, 'amazon-ec2'],
];

/** The CI systems and AWS compute services a user agent names (SDKs add `exec-env/<env>` on AWS). */
export function platformsOf(userAgent: string): Platform[] {
  return PLATFORM_MARKERS.filter(([marker]) => marker.test(userAgent)).map(([, p]) => p);
}
