/**
 * Bring-your-own key, first apply: in examples/complete everything encrypted with the platform key must
 * be created after the key policy that lets the engines and CloudWatch Logs use it (CloudWatch Logs
 * refuses a log group whose key does not admit it yet; the emulator ignores key policies, so only the
 * dependency graph can show the order). Read from `terraform graph` of the exported example.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runTerraformAsync, type RunResult } from '../../scripts/terraform-env';
import { exportIntoTempTree, flat, init } from './support/hcl-module';
import { placeholderZip } from './support/stacks';
import { terraform } from './support/terraform';

jest.setTimeout(180_000);

const GRANT = 'aws_kms_key_policy.platform';
const MODULE = 'module.iam_key_lifecycle';

const tree = exportIntoTempTree(placeholderZip());

/** `A -> B` edges of `terraform graph` (A depends on B), by node. */
function dependencies(dot: string): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const m of dot.matchAll(/^\s*"([^"]+)"\s*->\s*"([^"]+)"/gm)) {
    edges.set(m[1]!, [...(edges.get(m[1]!) ?? []), m[2]!]);
  }
  return edges;
}

/** Whether `from` depends on `to`, directly or through others. */
function reaches(edges: Map<string, string[]>, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === to) return true;
    if (seen.has(node)) continue;
    seen.add(node);
    stack.push(...(edges.get(node) ?? []));
  }
  return false;
}

/**
 * The module's resources that use a brought key: every resource block of the exported module whose
 * configuration reads `var.kms_key_arn` (data sources only compute documents).
 */
function moduleResourcesOnTheBroughtKey(): string[] {
  const found: string[] = [];
  for (const file of fs.readdirSync(tree.moduleDir).filter((f) => f.endsWith('.tf'))) {
    const text = fs.readFileSync(path.join(tree.moduleDir, file), 'utf8');
    for (const block of text.split(/\n(?=resource ")/)) {
      const head = /^resource "(\w+)" "(\w+)"/.exec(block);
      const body = block.split(/\n}\n/)[0]!;
      if (head && body.includes('var.kms_key_arn')) found.push(`${MODULE}.${head[1]}.${head[2]}`);
    }
  }
  return found.sort();
}

let graph: Promise<{ init: RunResult; graph?: RunResult }>;

beforeAll(() => {
  const dir = tree.exampleDir('complete');
  graph = (async () => {
    const i = await init(dir);
    if (i.status !== 0) return { init: i };
    return { init: i, graph: await runTerraformAsync(terraform(), dir, ['graph']) };
  })();
  graph.catch(() => undefined);
});

describe('examples/complete: the brought key is granted before anything uses it', () => {
  let edges: Map<string, string[]>;

  beforeAll(async () => {
    const g = await graph;
    if (!g.graph || g.graph.status !== 0) {
      throw new Error(`terraform init/graph failed: ${flat(g.graph ?? g.init).slice(-3000)}`);
    }
    edges = dependencies(g.graph.stdout);
  });

  it('finds the module resources encrypted with the brought key (the log group among them)', () => {
    expect(moduleResourcesOnTheBroughtKey()).toEqual(
      expect.arrayContaining([
        `${MODULE}.aws_cloudwatch_log_group.engine`,
        `${MODULE}.aws_sqs_queue.dead_letters`,
        `${MODULE}.aws_lambda_function.engine`,
        `${MODULE}.aws_dynamodb_table.coordination`,
        `${MODULE}.aws_secretsmanager_secret.secret`,
      ]),
    );
  });

  it('creates every one of them, and the platform topic, after the key policy', () => {
    // Prepare
    const encrypted = [...moduleResourcesOnTheBroughtKey(), 'aws_sns_topic.platform_alerts'];

    // Assess
    const early = encrypted.filter((node) => !reaches(edges, node, GRANT));
    expect(early).toEqual([]);
  });

  it('keeps the key policy free of the engines it grants (no wait on the module, no cycle)', () => {
    // Assess: the policy reads only the statements, which are built from names known at plan time
    const waitsFor = [...edges.keys()].filter(
      (node) => node.startsWith(`${MODULE}.aws_`) && reaches(edges, GRANT, node),
    );
    expect(waitsFor).toEqual([]);
  });

  it('leaves what does not use the key unordered against the grant (the check can fail)', () => {
    expect(reaches(edges, `${MODULE}.aws_cloudwatch_event_rule.schedule`, GRANT)).toBe(false);
  });
});
