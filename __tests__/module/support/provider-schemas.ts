/**
 * What the synthesized Terraform uses of the AWS provider (every resource and data source type, every
 * argument down through nested blocks, every attribute another block references) and where each is
 * missing: in a provider schema from `terraform providers schema -json`, or in a package of cdktf
 * bindings (generated from one provider version's schema, one class per type, one `…ToTerraform`
 * function per nested block, one getter per attribute).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { REPO_ROOT } from '../../../modules/access-key-lifecycle/defaults';
import { runTerraformAsync } from '../../../scripts/terraform-env';
import { terraform } from './terraform';

type Json = Record<string, unknown>;

export type Kind = 'resource' | 'data' | 'provider';

/** One argument set in a block: `path` runs from the block's top level through nested blocks. */
export interface UsedArgument {
  readonly kind: Kind;
  readonly type: string;
  readonly path: readonly string[];
}

/** One attribute read from a resource or data source (`aws_x.name.attr`, `data.aws_x.name.attr`). */
export interface ReferencedAttribute {
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly attribute: string;
}

interface SchemaBlock {
  readonly attributes?: Record<string, { deprecated?: boolean }>;
  readonly block_types?: Record<string, { block: SchemaBlock }>;
  readonly deprecated?: boolean;
}

export interface ProviderSchema {
  readonly provider: { block: SchemaBlock };
  readonly resource_schemas: Record<string, { block: SchemaBlock }>;
  readonly data_source_schemas: Record<string, { block: SchemaBlock }>;
}

/** Terraform's meta-arguments and cdktf's metadata: not the provider's. */
const META = new Set(['//', 'count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'alias']);

const label = (kind: Kind, type: string) => (kind === 'data' ? `data.${type}` : type);
export const describeArgument = (u: UsedArgument) =>
  `${label(u.kind, u.type)}: ${u.path.join('.')}`;
export const describeAttribute = (r: ReferencedAttribute) =>
  `${label(r.kind, r.type)}.${r.attribute}`;

/** The blocks of a synthesized stack, by kind and type (`provider.aws` is a list of blocks). */
function blocksOf(stack: Json): { kind: Kind; type: string; body: Json }[] {
  const out: { kind: Kind; type: string; body: Json }[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, named] of Object.entries((stack[kind] ?? {}) as Record<string, Json>)) {
      for (const body of Object.values(named)) out.push({ kind, type, body: body as Json });
    }
  }
  for (const body of ((stack.provider as Json | undefined)?.aws ?? []) as Json[]) {
    out.push({ kind: 'provider', type: 'aws', body });
  }
  return out;
}

function schemaBlock(schema: ProviderSchema, kind: Kind, type: string): SchemaBlock | undefined {
  if (kind === 'provider') return schema.provider.block;
  return (kind === 'resource' ? schema.resource_schemas : schema.data_source_schemas)[type]?.block;
}

/**
 * Every argument the stacks set, walked with `schema` telling nested blocks (lists of objects) from
 * attributes of map type (tags, environment variables), whose keys are data, not arguments.
 */
export function usedArguments(stacks: readonly Json[], schema: ProviderSchema): UsedArgument[] {
  const seen = new Map<string, UsedArgument>();
  const walk = (
    kind: Kind,
    type: string,
    body: Json,
    block: SchemaBlock | undefined,
    at: string[],
  ) => {
    for (const [key, value] of Object.entries(body)) {
      if (at.length === 0 && META.has(key)) continue;
      const used = { kind, type, path: [...at, key] };
      seen.set(describeArgument(used), used);
      const nested = block?.block_types?.[key]?.block;
      if (!nested) continue;
      for (const item of (Array.isArray(value) ? value : [value]) as Json[]) {
        if (item && typeof item === 'object') walk(kind, type, item, nested, [...at, key]);
      }
    }
  };
  for (const stack of stacks) {
    for (const { kind, type, body } of blocksOf(stack)) {
      walk(kind, type, body, schemaBlock(schema, kind, type), []);
    }
  }
  return [...seen.values()];
}

/** Every `aws_x.name.attr` and `data.aws_x.name.attr` the stacks' expressions read. */
export function referencedAttributes(stacks: readonly Json[]): ReferencedAttribute[] {
  const seen = new Map<string, ReferencedAttribute>();
  const reference =
    /(?<![\w.])(data\.)?(aws_[a-z0-9_]+)\.[a-z0-9_-]+(?:\[[^\]]*\])?\.([a-z0-9_]+)/g;
  for (const match of JSON.stringify(stacks).matchAll(reference)) {
    const r = {
      kind: match[1] ? 'data' : 'resource',
      type: match[2]!,
      attribute: match[3]!,
    } as const;
    seen.set(describeAttribute(r), r);
  }
  return [...seen.values()];
}

/** Where each use is absent from (or deprecated in) a provider schema; empty when all is there. */
export function gapsInSchema(
  schema: ProviderSchema,
  used: readonly UsedArgument[],
  referenced: readonly ReferencedAttribute[],
): string[] {
  const gaps: string[] = [];
  for (const u of used) {
    let block: SchemaBlock | undefined = schemaBlock(schema, u.kind, u.type);
    if (!block) {
      gaps.push(`${describeArgument(u)} (no such ${u.kind})`);
      continue;
    }
    for (const [i, key] of u.path.entries()) {
      const attribute = block.attributes?.[key];
      const nested: SchemaBlock | undefined = block.block_types?.[key]?.block;
      if (attribute?.deprecated || nested?.deprecated)
        gaps.push(`${describeArgument(u)} (deprecated)`);
      if (!attribute && !nested) gaps.push(`${describeArgument(u)} (absent)`);
      if (!nested || i === u.path.length - 1) break;
      block = nested;
    }
  }
  for (const r of referenced) {
    const attribute = schemaBlock(schema, r.kind, r.type)?.attributes?.[r.attribute];
    if (!attribute) gaps.push(`${describeAttribute(r)} (absent)`);
    else if (attribute.deprecated) gaps.push(`${describeAttribute(r)} (deprecated)`);
  }
  return gaps;
}

/** The schema of the provider version the offline mirror holds, from `terraform providers schema -json`. */
export async function mirroredProviderSchema(): Promise<ProviderSchema> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-schema-'));
  fs.writeFileSync(
    path.join(dir, 'main.tf.json'),
    JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws' } } } }),
  );
  const init = await runTerraformAsync(terraform(), dir, ['init', '-no-color', '-input=false']);
  if (init.status !== 0) throw new Error(`terraform init for the schema failed:\n${init.stderr}`);
  const r = await runTerraformAsync(terraform(), dir, ['providers', 'schema', '-json']);
  if (r.status !== 0) throw new Error(`terraform providers schema failed:\n${r.stderr}`);
  const all = JSON.parse(r.stdout) as { provider_schemas: Record<string, ProviderSchema> };
  return all.provider_schemas['registry.terraform.io/hashicorp/aws']!;
}

const kebab = (type: string) => type.replace(/^aws_/, '').replace(/_/g, '-');
const pascal = (snake: string) =>
  snake.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
const camel = (snake: string) => {
  const p = pascal(snake);
  return p.charAt(0).toLowerCase() + p.slice(1);
};

interface BindingModule {
  readonly [name: string]: unknown;
}

/**
 * The argument names a bindings package knows for a type and nested-block path, and the attributes it
 * can read, reconstructed from the generated code: the class's `synthesizeAttributes()` keys, each nested
 * block's `<class><Block…>ToTerraform` keys, the class's getters.
 */
export class Bindings {
  private readonly stack = new TerraformStack(new App({ outdir: os.tmpdir() }), 'probe');

  constructor(private readonly packageDir: string) {}

  /** The package's name, version and the provider version it was generated from. */
  get identity(): { name: string; version: string; terraformProvider: string } {
    const pkg = JSON.parse(fs.readFileSync(path.join(this.packageDir, 'package.json'), 'utf8'));
    return { name: pkg.name, version: pkg.version, terraformProvider: pkg.cdktf.provider.version };
  }

  private load(kind: Kind, type: string): { module: BindingModule; className: string } | undefined {
    const dir =
      kind === 'provider' ? 'provider' : kind === 'data' ? `data-aws-${kebab(type)}` : kebab(type);
    const file = path.join(this.packageDir, 'lib', dir, 'index.js');
    if (!fs.existsSync(file)) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path found at run time
    const module = require(file) as BindingModule;
    const className = Object.keys(module).find((name) => {
      if (kind === 'provider') return name === 'AwsProvider';
      const cls = module[name];
      return (
        typeof cls === 'function' && (cls as { tfResourceType?: string }).tfResourceType === type
      );
    });
    return className ? { module, className } : undefined;
  }

  /** The argument names at `at` (nested blocks) of a type, or undefined when the package lacks it. */
  argumentNames(kind: Kind, type: string, at: readonly string[]): Set<string> | undefined {
    const found = this.load(kind, type);
    if (!found) return undefined;
    if (at.length === 0) {
      const Cls = found.module[found.className] as new (
        s: unknown,
        id: string,
        c: unknown,
      ) => {
        synthesizeAttributes(): Json;
      };
      const probe = new Cls(this.stack, `${kind}-${type}-${Math.random()}`, {});
      return new Set(Object.keys(probe.synthesizeAttributes()));
    }
    const prefix = found.className.charAt(0).toLowerCase() + found.className.slice(1);
    const toTerraform = found.module[`${prefix}${at.map(pascal).join('')}ToTerraform`];
    if (typeof toTerraform !== 'function') return undefined;
    return new Set(Object.keys((toTerraform as (s: unknown) => Json)({}) ?? {}));
  }

  /** Whether the type's class has a getter for the attribute. */
  hasAttribute(kind: 'resource' | 'data', type: string, attribute: string): boolean {
    const found = this.load(kind, type);
    const cls = found?.module[found.className] as { prototype: object } | undefined;
    return cls !== undefined && camel(attribute) in cls.prototype;
  }

  /** Where each use is absent from the bindings; empty when all is there. */
  gaps(used: readonly UsedArgument[], referenced: readonly ReferencedAttribute[]): string[] {
    const gaps: string[] = [];
    for (const u of used) {
      const names = this.argumentNames(u.kind, u.type, u.path.slice(0, -1));
      if (!names) gaps.push(`${describeArgument(u)} (no such ${u.kind} or block)`);
      else if (!names.has(u.path[u.path.length - 1]!)) gaps.push(`${describeArgument(u)} (absent)`);
    }
    for (const r of referenced) {
      if (!this.hasAttribute(r.kind, r.type, r.attribute))
        gaps.push(`${describeAttribute(r)} (absent)`);
    }
    return gaps;
  }
}

/** The bindings the construct is built with, and the provider-6 ones installed beside them. */
export const BINDINGS_5 = path.join(REPO_ROOT, 'node_modules', '@cdktf', 'provider-aws');
export const BINDINGS_6 = path.join(REPO_ROOT, 'node_modules', 'provider-aws-6');
