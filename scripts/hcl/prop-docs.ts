/**
 * The props' doc comments, read from modules/access-key-lifecycle/props.ts: the single source of every
 * description in docs/module.md and in the exported HCL module's variables. The HCL spelling
 * (`readProps(..., 'hcl')`) names variables and attributes as HCL callers write them (rotation_days,
 * user_name): HCL users never read a cdktf prop name.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { SETTINGS } from '../../lambda/config/settings';
import { RULE_SETTING_LIST } from '../../lambda/core/plan-user';
import { VARIABLES } from './variables';

const PROPS_FILE = path.resolve(
  __dirname,
  '..',
  '..',
  'modules',
  'access-key-lifecycle',
  'props.ts',
);

export interface PropDoc {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly defaultValue: string;
  readonly description: string;
}

/** Object attributes inside list variables (owners, managed_secret_users). */
const ATTRIBUTES: Readonly<Record<string, string>> = { userName: 'user_name' };

/** camelCase prop and attribute names in `text` written as the HCL module's names. */
export function inHclSpelling(text: string, names: Readonly<Record<string, string>>): string {
  const all = { ...ATTRIBUTES, ...names };
  return text.replace(/\b[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+\b/g, (word) => all[word] ?? word);
}

export type Spelling = 'cdktf' | 'hcl';

export function readProps(interfaceName: string, spelling: Spelling = 'cdktf'): PropDoc[] {
  const names = Object.fromEntries(VARIABLES.map((v) => [v.prop, v.name]));
  const spelled = (text: string) => (spelling === 'hcl' ? inHclSpelling(text, names) : text);
  const source = ts.createSourceFile(
    PROPS_FILE,
    fs.readFileSync(PROPS_FILE, 'utf8'),
    ts.ScriptTarget.ES2022,
    true,
  );
  const decl = source.statements.find(
    (s): s is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(s) && s.name.text === interfaceName,
  );
  if (!decl) throw new Error(`interface ${interfaceName} not found in ${PROPS_FILE}`);
  const own = ownProps(decl, source, spelled);
  const withSettings = decl.heritageClauses?.some((h) =>
    h.types.some((t) => t.expression.getText(source) === 'SettingProps'),
  );
  if (!withSettings) return own;
  // Required props first, then the settings, then the other optional props.
  return [
    ...own.filter((p) => p.required),
    ...settingProps(spelled),
    ...own.filter((p) => !p.required),
  ];
}

const SETTINGS_FILE = path.resolve(__dirname, '..', '..', 'lambda', 'config', 'settings.ts');
const TYPES = { integer: 'number', text: 'string', list: 'readonly string[]' } as const;

/**
 * The settings as props (SettingProps): each one's doc comment is on its entry in SETTINGS
 * (lambda/config/settings.ts); an optional rule's setting carries its own (`doc`).
 */
function settingProps(spelled: (text: string) => string): PropDoc[] {
  const source = ts.createSourceFile(
    SETTINGS_FILE,
    fs.readFileSync(SETTINGS_FILE, 'utf8'),
    ts.ScriptTarget.ES2022,
    true,
  );
  const entries = new Map<string, ts.Node>();
  source.forEachChild(function visit(node) {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name))
      entries.set(node.name.text, node);
    node.forEachChild(visit);
  });
  return Object.values(SETTINGS).map((s): PropDoc => {
    const entry = entries.get(s.prop);
    const declared = RULE_SETTING_LIST.find((r) => r.prop === s.prop);
    const doc = entry && !declared ? jsDocOf(entry, `SETTINGS.${s.prop}`, true) : undefined;
    return {
      name: s.prop,
      type: TYPES[s.kind],
      required: false,
      defaultValue: spelled(doc?.defaultValue ?? String(declared?.default)),
      description: spelled(doc?.description ?? declared?.doc ?? ''),
    };
  });
}

/** A declaration's doc comment and @default; an optional one without @default is refused. */
function jsDocOf(
  node: ts.Node,
  where: string,
  optional: boolean,
): { readonly description: string; readonly defaultValue: string } {
  const jsDoc = ts.getJSDocCommentsAndTags(node).find(ts.isJSDoc);
  const comment = ts.getTextOfJSDocComment(jsDoc?.comment) ?? '';
  const tag = jsDoc?.tags?.find((t) => t.tagName.text === 'default');
  if (!comment) throw new Error(`${where} has no doc comment`);
  if (optional && !tag) throw new Error(`${where} is optional but has no @default`);
  return {
    description: comment.replace(/\s+/g, ' ').trim(),
    defaultValue: ts.getTextOfJSDocComment(tag?.comment)?.trim() ?? '',
  };
}

function ownProps(
  decl: ts.InterfaceDeclaration,
  source: ts.SourceFile,
  spelled: (text: string) => string,
): PropDoc[] {
  return decl.members.filter(ts.isPropertySignature).map((m) => {
    const name = (m.name as ts.Identifier).text;
    const doc = jsDocOf(m, `${decl.name.text}.${name}`, m.questionToken !== undefined);
    return {
      name,
      type: m.type?.getText(source) ?? 'unknown',
      required: !m.questionToken,
      defaultValue: spelled(doc.defaultValue),
      description: spelled(doc.description),
    };
  });
}
