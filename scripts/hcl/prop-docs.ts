/**
 * The props' doc comments, read from modules/access-key-lifecycle/props.ts: the single source of every
 * description in docs/module.md and in the exported HCL module's variables. The HCL spelling
 * (`readProps(..., 'hcl')`) names variables and attributes as HCL callers write them (rotation_days,
 * user_name): HCL users never read a cdktf prop name.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
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
  const inherited = decl.heritageClauses?.some((h) =>
    h.types.some((t) => t.expression.getText(source) === 'RuleSettingProps'),
  );
  return [...ownProps(decl, source, spelled), ...(inherited ? ruleSettingProps(spelled) : [])];
}

/** The optional rules' settings: their docs are their declarations (lambda/core/model/rule-settings.ts). */
function ruleSettingProps(spelled: (text: string) => string): PropDoc[] {
  return RULE_SETTING_LIST.map((s) => ({
    name: s.prop,
    type: 'number',
    required: false,
    defaultValue: String(s.default),
    description: spelled(s.doc),
  }));
}

function ownProps(
  decl: ts.InterfaceDeclaration,
  source: ts.SourceFile,
  spelled: (text: string) => string,
): PropDoc[] {
  const interfaceName = decl.name.text;
  return decl.members.filter(ts.isPropertySignature).map((m) => {
    const jsDoc = ts.getJSDocCommentsAndTags(m).find(ts.isJSDoc);
    const comment = ts.getTextOfJSDocComment(jsDoc?.comment) ?? '';
    const tag = jsDoc?.tags?.find((t) => t.tagName.text === 'default');
    const name = (m.name as ts.Identifier).text;
    if (!comment) throw new Error(`${interfaceName}.${name} has no doc comment`);
    if (m.questionToken && !tag)
      throw new Error(`${interfaceName}.${name} is optional but has no @default`);
    return {
      name,
      type: m.type?.getText(source) ?? 'unknown',
      required: !m.questionToken,
      defaultValue: spelled(ts.getTextOfJSDocComment(tag?.comment)?.trim() ?? ''),
      description: spelled(comment.replace(/\s+/g, ' ').trim()),
    };
  });
}
