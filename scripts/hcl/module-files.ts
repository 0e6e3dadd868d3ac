import { AWS_PROVIDER_RANGE } from '../../modules/account-stack/account-stack';
import { readProps } from './prop-docs';
import { defaultFor } from './defaults';
import { VARIABLES } from './variables';

/** Cross-variable validation (rotation_days vs warn/grace days) needs Terraform 1.9. */
export const REQUIRED_TERRAFORM = '>= 1.9.0';
export const ZIP_NAME = 'handler.zip';
const ZIP_REF = `\${path.module}/${ZIP_NAME}`;

type Json = Record<string, unknown>;

/** Removes cdktf's `//` metadata comments at every depth. */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== '//')
        .map(([k, x]) => [k, withoutComments(x)]),
    );
  }
  return value;
}

function variablesJson(): Json {
  const docs = new Map(readProps('AccessKeyLifecycleProps', 'hcl').map((d) => [d.name, d]));
  return Object.fromEntries(
    VARIABLES.map((spec) => {
      const doc = docs.get(spec.prop);
      if (!doc) throw new Error(`variable ${spec.name}: prop ${spec.prop} has no doc comment`);
      return [
        spec.name,
        {
          description: doc.description,
          type: spec.type,
          ...defaultFor(spec),
          ...(spec.nullable ? { nullable: true } : { nullable: false }),
          ...(spec.validation.length > 0
            ? {
                validation: spec.validation.map((r) => ({
                  condition: `\${${r.condition}}`,
                  error_message: r.error_message,
                })),
              }
            : {}),
        },
      ];
    }),
  );
}

/** The module's `.tf.json` files, by file name, from the synthesized export stack. */
export function moduleFiles(synthesized: Json): Readonly<Record<string, Json>> {
  const stack = withoutComments(synthesized) as Json;
  const resources = stack.resource as Record<string, Record<string, Json>>;
  const engine = resources.aws_lambda_function?.engine;
  if (!engine) throw new Error('the synthesized stack holds no aws_lambda_function.engine');
  // The zip travels inside the module directory; Terraform hashes the bytes it deploys.
  engine.filename = ZIP_REF;
  engine.source_code_hash = `\${filebase64sha256("${ZIP_REF}")}`;
  return {
    'versions.tf.json': {
      terraform: {
        required_version: REQUIRED_TERRAFORM,
        required_providers: { aws: { source: 'hashicorp/aws', version: AWS_PROVIDER_RANGE } },
      },
    },
    'variables.tf.json': { variable: variablesJson() },
    'main.tf.json': {
      ...(stack.locals ? { locals: stack.locals } : {}),
      data: stack.data,
      resource: resources,
    },
    'outputs.tf.json': { output: stack.output },
  };
}
