import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueFiles, codeLiterals, loadAllCatalogues, renderErrorDocs, ROOT } from '../../tools/error-catalogues';

/** One error catalogue per module: codes are declared once, prefixed by their module, documented. */
describe('error catalogues', () => {
  const catalogues = loadAllCatalogues();
  const known = new Set(catalogues.flatMap((catalogue) => catalogue.codes.map((entry) => entry.code)));

  it("names each module's catalogue after the module, and the platform's AUTH and COMMON", () => {
    const prefixes = new Map(catalogues.map((catalogue) => [catalogue.prefix, catalogue]));
    for (const file of catalogueFiles()) {
      const module = /^src\/modules\/([^/]+)\//.exec(file)?.[1];
      const source = readFileSync(join(ROOT, file), 'utf8');
      const declared = [...source.matchAll(/errorCatalogue\('([A-Z]+)'/g)].map((match) => match[1]);
      const expected = module ? [module.toUpperCase()] : declared.filter((prefix) => ['AUTH', 'COMMON'].includes(prefix));
      expect({ file, declared }).toEqual({ file, declared: expected });
    }
    expect([...prefixes.keys()]).toEqual(expect.arrayContaining(['AUTH', 'COMMON', 'ORGANIZATIONS', 'PROJECTS', 'TASKS']));
  });

  it('finds no code in the source that no catalogue declares', () => {
    const strays = codeLiterals().filter(({ code }) => !known.has(code));
    expect(strays).toEqual([]);
  });

  it('keeps docs/errors.md generated from the catalogues (npm run docs:errors)', () => {
    expect(readFileSync(join(ROOT, 'docs/errors.md'), 'utf8')).toBe(renderErrorDocs(catalogues));
  });
});
