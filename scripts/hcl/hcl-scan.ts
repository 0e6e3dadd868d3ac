/**
 * A small scanner for the HCL native syntax that cdktf writes: enough to find where a string, a
 * template interpolation or a bracketed expression ends (nested strings, escapes, heredocs, comments),
 * so the export can split top-level blocks and rewrite a few constructs without parsing expressions.
 */

const CLOSERS: Readonly<Record<string, string>> = { '{': '}', '[': ']', '(': ')' };

/** Index just past the heredoc starting at `start` (`<<EOF` or `<<-EOF`), or -1 if none starts there. */
function heredocEnd(src: string, start: number): number {
  const m = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(src.slice(start));
  if (!m) return -1;
  const close = new RegExp(`^[ \\t]*${m[1]}[ \\t]*$`, 'm');
  const rest = src.slice(start + m[0].length);
  const end = close.exec(rest);
  if (!end) throw new Error(`unterminated heredoc <<${m[1]} at offset ${start}`);
  return start + m[0].length + end.index + end[0].length;
}

/** Index just past the quoted template whose opening `"` is at `start`. */
export function stringEnd(src: string, start: number): number {
  let i = start + 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if ((c === '$' || c === '%') && src[i + 1] === c && src[i + 2] === '{') i += 3;
    else if ((c === '$' || c === '%') && src[i + 1] === '{') i = closingIndex(src, i + 1) + 1;
    else i += 1;
  }
  throw new Error(`unterminated string at offset ${start}`);
}

/** Index of the bracket closing the one at `open` (`{`, `[` or `(`), skipping strings and comments. */
export function closingIndex(src: string, open: number): number {
  const stack = [CLOSERS[src[open]!]];
  if (!stack[0]) throw new Error(`no opening bracket at offset ${open}`);
  let i = open + 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"') {
      i = stringEnd(src, i);
      continue;
    }
    if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      i = src.indexOf('*/', i + 2) + 2;
      continue;
    }
    if (c === '<' && src[i + 1] === '<') {
      const end = heredocEnd(src, i);
      if (end > 0) {
        i = end;
        continue;
      }
    }
    if (CLOSERS[c]) stack.push(CLOSERS[c]);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
    i += 1;
  }
  throw new Error(`unclosed ${src[open]} at offset ${open}`);
}

/** The expression of a quoted template that is exactly one interpolation (`"${expr}"`), else undefined. */
export function soleInterpolation(literal: string): string | undefined {
  if (!literal.startsWith('"${')) return undefined;
  const close = closingIndex(literal, 2);
  if (close !== literal.length - 2) return undefined;
  const expr = literal.slice(3, close);
  // `~` strip markers and an empty body are not plain expressions.
  return expr.trim() === '' || /^~|~$/.test(expr) ? undefined : expr;
}

const BEFORE = /(^|[^=!<>])=\s*$|[[,(]\s*$/;
const AFTER = /^\s*(\r?\n|[,\])}])/;

/**
 * Rewrites `"${expr}"` to `expr` wherever the string stands alone (an attribute value, a list element,
 * a call argument): a template of one interpolation yields the expression's value unchanged, so the
 * meaning is the same and the file reads like hand-written HCL. Nested strings are rewritten too.
 */
export function unwrapInterpolations(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      const nl = src.indexOf('\n', i);
      const end = nl < 0 ? src.length : nl;
      out += src.slice(i, end);
      i = end;
      continue;
    }
    if (c === '<' && src[i + 1] === '<') {
      const end = heredocEnd(src, i);
      if (end > 0) {
        out += src.slice(i, end);
        i = end;
        continue;
      }
    }
    if (c !== '"') {
      out += c;
      i += 1;
      continue;
    }
    const end = stringEnd(src, i);
    const literal = src.slice(i, end);
    const expr = soleInterpolation(literal);
    const standsAlone = BEFORE.test(out.slice(-200)) && AFTER.test(src.slice(end, end + 3));
    out += expr !== undefined && standsAlone ? unwrapInterpolations(expr) : literal;
    i = end;
  }
  return out;
}
