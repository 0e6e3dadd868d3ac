/**
 * The props' doc comments, read from modules/access-key-lifecycle/props.ts: the single source of every
 * description in docs/module.md and in the exported HCL module's variables.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

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

export function readProps(interfaceName: string): PropDoc[] {
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
      defaultValue: ts.getTextOfJSDocComment(tag?.comment)?.trim() ?? '',
      description: comment.replace(/\s+/g, ' ').trim(),
    };
  });
}
