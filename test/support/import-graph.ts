import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The import graph of `functions/`, read with TypeScript's own pre-processor (so `import type`, re-exports
 * and dynamic imports all count). Paths are relative to the repository root.
 */
export interface ImportGraph {
  /** Each module of `functions/`, with the modules of `functions/` it imports. */
  modules: Map<string, string[]>;
  /** Each module, with the npm packages and Node built-ins it imports. */
  packages: Map<string, string[]>;
}

const root = resolve(import.meta.dirname, '../..');

/** The `imports` field of package.json (`#domain/*` → `./functions/domain/*`). */
function subpathImports(): [prefix: string, target: string][] {
  const { imports = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    imports?: Record<string, string>;
  };
  return Object.entries(imports).map(([from, to]) => [from.replace('*', ''), to.replace('*', '')]);
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

export function importGraph(folder = 'functions'): ImportGraph {
  const aliases = subpathImports();
  const modules = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  for (const file of sourceFiles(folder)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    const local: string[] = [];
    const external: string[] = [];
    for (const { fileName: specifier } of importedFiles) {
      const alias = aliases.find(([prefix]) => specifier.startsWith(prefix));
      if (alias) local.push(relative(root, join(root, alias[1], specifier.slice(alias[0].length))));
      else if (specifier.startsWith('.')) local.push(relative(root, resolve(root, dirname(file), specifier)));
      else external.push(specifier);
    }
    modules.set(file, local);
    packages.set(file, external);
  }
  return { modules, packages };
}

/** The cycles of a graph, each as the path that closes it (Tarjan's strongly connected components). */
export function cyclesOf(modules: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of modules.get(node) ?? []) {
      if (!modules.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    const selfImport = modules.get(node)?.includes(node);
    if (component.length > 1 || selfImport) cycles.push(component.sort());
  };
  for (const node of modules.keys()) if (!index.has(node)) visit(node);
  return cycles;
}
