/** Renders JSON values, templates and variable blocks as HCL native syntax. */
import { closingIndex, soleInterpolation, stringEnd } from './hcl-scan';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function escapeLiteral(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
}

/**
 * A quoted template from a Terraform-JSON template string: literal parts are escaped, `${…}` and
 * `%{…}` sequences are kept as they are (their insides are expressions, where quotes are not escaped).
 */
export function hclTemplate(template: string): string {
  let out = '';
  let literal = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if ((c === '$' || c === '%') && template[i + 1] === c && template[i + 2] === '{') {
      literal += template.slice(i, i + 3);
      i += 3;
    } else if ((c === '$' || c === '%') && template[i + 1] === '{') {
      const end = closingIndex(template, i + 1);
      out += escapeLiteral(literal) + template.slice(i, end + 1);
      literal = '';
      i = end + 1;
    } else {
      literal += c;
      i += 1;
    }
  }
  return `"${out}${escapeLiteral(literal)}"`;
}

/** A literal value (a variable default): strings are not templates, so `${` is escaped. */
export function hclLiteral(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') {
    // `$$` in a replacement string is one `$`: '$$$${' writes `$${`.
    return `"${escapeLiteral(value).replace(/\$\{/g, '$$$${').replace(/%\{/g, '%%{')}"`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${hclLiteral(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const key = (k: string) => (IDENTIFIER.test(k) ? k : hclLiteral(k));
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)} = ${hclLiteral(v, inner)}`).join('\n')}\n${indent}}`;
}

export interface VariableDefinition {
  readonly description: string;
  /** A type constraint expression, e.g. `list(string)`. */
  readonly type: string;
  readonly default?: unknown;
  readonly nullable: boolean;
  /** Conditions are raw expressions; error messages are Terraform templates. */
  readonly validation: readonly { readonly condition: string; readonly error_message: string }[];
}

/**
 * A message that is one interpolation is written as its expression (Terraform >= 1.9 takes any string
 * expression): checkov's HCL parser misreads braces and nested strings inside a template.
 */
function messageExpression(message: string): string {
  const template = hclTemplate(message);
  return soleInterpolation(template) ?? template;
}

export function variableBlock(name: string, v: VariableDefinition): string {
  const lines = [
    `variable "${name}" {`,
    `  description = ${hclLiteral(v.description)}`,
    `  type = ${v.type}`,
    ...('default' in v ? [`  default = ${hclLiteral(v.default, '  ')}`] : []),
    `  nullable = ${v.nullable}`,
    ...v.validation.flatMap((r) => [
      '',
      '  validation {',
      `    condition = ${r.condition}`,
      `    error_message = ${messageExpression(r.error_message)}`,
      '  }',
    ]),
    '}',
  ];
  return lines.join('\n');
}

const ATTRIBUTE_LINE = /^(\s*[A-Za-z_][A-Za-z0-9_-]*\s*=\s*)"(.*)"\s*$/;

/** True when the quoted template opening at `start` closes exactly at the end of `line`. */
function closesAtEnd(line: string, start: number): boolean {
  try {
    return stringEnd(line, start) === line.trimEnd().length;
  } catch {
    return false;
  }
}

/**
 * cdktf 0.21's HCL rendering writes a string attribute holding quotes or backslashes (a JSON document
 * such as the dashboard body) without escaping them, which `terraform fmt` rejects. Such a one-line
 * attribute is re-quoted from its raw text: literal parts escaped, `${…}` interpolations kept.
 */
export function requoteRawStrings(src: string): string {
  return src
    .split('\n')
    .map((line) => {
      const m = ATTRIBUTE_LINE.exec(line);
      if (!m || closesAtEnd(line, m[1]!.length)) return line;
      return `${m[1]}${hclTemplate(m[2]!)}`;
    })
    .join('\n');
}
