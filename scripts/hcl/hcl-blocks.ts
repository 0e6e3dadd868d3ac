/**
 * Top-level blocks of the HCL that cdktf synthesizes (`SYNTH_HCL_OUTPUT`), and the repairs its 0.21
 * renderer needs before Terraform accepts the file.
 */
import { closingIndex, stringEnd } from './hcl-scan';

export interface HclBlock {
  /** `resource`, `data`, `variable`, `output`, `locals`, `terraform`, `moved`, `import`, … */
  readonly type: string;
  readonly labels: readonly string[];
  /** The whole block, from its type keyword to its closing brace. */
  readonly text: string;
}

/** Splits a file into its top-level blocks (top-level attributes and comments are not expected). */
export function topLevelBlocks(src: string): HclBlock[] {
  const blocks: HclBlock[] = [];
  const header = /\s*([A-Za-z_][A-Za-z0-9_-]*)((?:\s+"[^"]*")*)\s*\{/y;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    header.lastIndex = i;
    const m = header.exec(src);
    if (!m) throw new Error(`expected a block at offset ${i}: ${src.slice(i, i + 80)}`);
    const open = header.lastIndex - 1;
    const close = closingIndex(src, open);
    const labels = [...m[2]!.matchAll(/"([^"]*)"/g)].map((l) => l[1]!);
    blocks.push({ type: m[1]!, labels, text: src.slice(i, close + 1).trim() });
    i = close + 1;
  }
  return blocks;
}

/** Index of `name = [` (an attribute holding a list) at or after `from`, or -1. */
function listAttribute(src: string, name: string, from: number): { at: number; open: number } {
  const re = new RegExp(`(^|\\n)([ \\t]*)${name}\\s*=\\s*\\[`, 'g');
  re.lastIndex = from;
  const m = re.exec(src);
  if (!m) return { at: -1, open: -1 };
  return { at: m.index + m[1]!.length + m[2]!.length, open: re.lastIndex - 1 };
}

/** `depends_on = ["aws_x.y"]` (strings, which Terraform rejects) → `depends_on = [aws_x.y]`. */
export function unquoteDependsOn(src: string): string {
  let out = src;
  let from = 0;
  for (;;) {
    const { open } = listAttribute(out, 'depends_on', from);
    if (open < 0) return out;
    const close = closingIndex(out, open);
    const list = out.slice(open, close + 1).replace(/"([A-Za-z0-9_.[\]-]+)"/g, '$1');
    out = out.slice(0, open) + list + out.slice(close + 1);
    from = open + list.length;
  }
}

/**
 * `precondition = [{ condition = …, error_message = … }]` (a list, which Terraform rejects) → one
 * `precondition { … }` block per element; the same for postcondition.
 */
export function conditionBlocks(src: string): string {
  let out = src;
  for (const name of ['precondition', 'postcondition']) {
    let from = 0;
    for (;;) {
      const { at, open } = listAttribute(out, name, from);
      if (open < 0) break;
      const close = closingIndex(out, open);
      const blocks: string[] = [];
      let i = open + 1;
      while (i < close) {
        const c = out[i]!;
        if (c === '{') {
          const end = closingIndex(out, i);
          blocks.push(`${name} {\n${out.slice(i + 1, end).trim()}\n}`);
          i = end + 1;
        } else if (c === '"') i = stringEnd(out, i);
        else i += 1;
      }
      const replacement = blocks.join('\n');
      out = out.slice(0, at) + replacement + out.slice(close + 1);
      from = at + replacement.length;
    }
  }
  return out;
}
