/**
 * No import cycles in lambda/, between files or between folders (docs/lifecycle.md, "Code layout").
 * The graph is built from the relative imports of every .ts file (type-only imports count too: a
 * cycle of types is still two modules that cannot be read, changed or moved apart). A failure lists
 * every cycle found, as the files or folders that form it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const LAMBDA = join(ROOT, 'lambda');
const IMPORT = /(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'|import\s+'(\.[^']+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(`${relative(ROOT, from)} imports '${spec}', which resolves to no .ts file`);
}

type Graph = Map<string, Set<string>>;

/** File → the files it imports, as paths relative to lambda/. */
function fileGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(LAMBDA)) {
    const text = readFileSync(file, 'utf8');
    const targets = new Set<string>();
    for (const m of text.matchAll(IMPORT)) {
      targets.add(relative(LAMBDA, resolveImport(file, m[1] ?? m[2]!)));
    }
    graph.set(relative(LAMBDA, file), targets);
  }
  return graph;
}

/** Folder → the folders its files import from (lambda/'s own files are the folder `.`). */
function folderGraph(files: Graph): Graph {
  const graph: Graph = new Map();
  for (const [file, targets] of files) {
    const from = dirname(file);
    const edges = graph.get(from) ?? new Set<string>();
    for (const t of targets) if (dirname(t) !== from) edges.add(dirname(t));
    graph.set(from, edges);
  }
  return graph;
}

/** Strongly connected components with more than one node, or a node importing itself (Tarjan). */
function cycles(graph: Graph): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.has(v)) found.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indices.has(v)) visit(v);
  return found;
}

const inCore = (path: string) => path === 'core' || path.startsWith('core/');
const describeCycles = (found: string[][]) => found.map((c) => c.join(' <-> '));

describe('import graph of lambda/', () => {
  const files = fileGraph();
  const folders = folderGraph(files);

  it('reads every file and resolves every relative import', () => {
    expect(files.size).toBeGreaterThan(50);
    expect([...files.keys()]).toContain('index.ts');
  });

  it('finds a planted cycle (the check can fail)', () => {
    const planted: Graph = new Map([
      ['a.ts', new Set(['b.ts'])],
      ['b.ts', new Set(['c.ts'])],
      ['c.ts', new Set(['a.ts'])],
      ['d.ts', new Set(['a.ts'])],
    ]);
    expect(cycles(planted)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('has no file cycle and no folder cycle outside lambda/core', () => {
    const outside = [
      ...cycles(files).filter((c) => !c.every(inCore)),
      ...cycles(folders).filter((c) => !c.every(inCore)),
    ];
    expect(describeCycles(outside)).toEqual([]);
  });

  it('has no file cycle and no folder cycle inside lambda/core', () => {
    const inside = [
      ...cycles(files).filter((c) => c.every(inCore)),
      ...cycles(folders).filter((c) => c.every(inCore)),
    ];
    expect(describeCycles(inside)).toEqual([]);
  });
});
