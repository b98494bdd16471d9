/**
 * Reads the public API's documentation out of the source with the TypeScript compiler: every
 * exported class and function of the package's entry points, its description and its `@example`
 * blocks. Used by the docs test (../doc-examples.test.ts) to check and compile them.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** package.json `exports` subpath -> source entry file (dist/X/index.js -> src/X/index.ts). */
export function entryPoints(root: string): Map<string, string> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string | { import?: string }>;
  };
  const out = new Map<string, string>();
  for (const [sub, target] of Object.entries(pkg.exports)) {
    const js = typeof target === 'string' ? target : target.import;
    if (!js?.startsWith('./dist/') || !js.endsWith('.js')) continue;
    const spec = sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`;
    out.set(spec, join(root, 'src', js.slice('./dist/'.length).replace(/\.js$/, '.ts')));
  }
  return out;
}

export interface ApiItem {
  /** `autolearn/server` */
  readonly entry: string;
  readonly name: string;
  readonly kind: 'class' | 'function';
  /** Declaring file, relative to the root. */
  readonly file: string;
  readonly line: number;
  readonly description: string;
  /** The code of each `@example` (fences removed). */
  readonly examples: readonly string[];
}

function exampleCode(tag: ts.JSDocTag): string {
  const text = typeof tag.comment === 'string' ? tag.comment : (ts.getTextOfJSDocComment(tag.comment) ?? '');
  const fenced = /```(?:ts|typescript|js)?\n([\s\S]*?)```/.exec(text);
  return (fenced ? fenced[1]! : text).trim();
}

/** Every exported class and function of every entry point (an item re-exported twice counts once per entry). */
export function publicApi(root: string): ApiItem[] {
  const entries = entryPoints(root);
  const program = ts.createProgram([...entries.values()], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const items: ApiItem[] = [];
  for (const [entry, file] of entries) {
    const sf = program.getSourceFile(file);
    const mod = sf && checker.getSymbolAtLocation(sf);
    if (!mod) continue;
    for (const exported of checker.getExportsOfModule(mod)) {
      const sym = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const kind =
        sym.flags & ts.SymbolFlags.Class ? 'class' : sym.flags & ts.SymbolFlags.Function ? 'function' : null;
      if (!kind) continue;
      const decl = sym.declarations?.find((d) => ts.isClassDeclaration(d) || ts.isFunctionDeclaration(d));
      if (!decl) continue;
      const dsf = decl.getSourceFile();
      const tags = ts.getJSDocTags(decl);
      if (tags.some((t) => t.tagName.text === 'internal')) continue;
      items.push({
        entry,
        name: exported.name,
        kind,
        file: relative(root, dsf.fileName),
        line: dsf.getLineAndCharacterOfPosition(decl.getStart()).line + 1,
        description: ts.displayPartsToString(sym.getDocumentationComment(checker)).trim(),
        examples: tags.filter((t) => t.tagName.text === 'example').map(exampleCode),
      });
    }
  }
  return items;
}
