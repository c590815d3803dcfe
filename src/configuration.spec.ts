import { declaredSettings, EnvReader, SettingsDeclaration } from '@switchyard/config';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// Importing the app module imports every module and lib, and with them every settings declaration.
import './app.module';

const ROOT = join(__dirname, '..');

interface DocumentedVariable {
  name: string;
  default: string;
}

/** The variables in README.md's "Configuration" section: every table row whose first cell names them. */
function readmeVariables(): DocumentedVariable[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Configuration\n'));
  if (!section) throw new Error('README.md has no "## Configuration" section');
  return variableRows(section).flatMap(([names, defaults]) => {
    const values = names.length > 1 ? defaults.split(' / ') : [defaults];
    if (values.length !== names.length) throw new Error(`README row ${names.join(' / ')}: give one default per variable`);
    return names.map((name, i) => ({ name, default: values[i].replace(/`/g, '').trim() }));
  });
}

/** Rows `| \`NAME\` [/ \`NAME\`] | default | meaning |` → [names, default cell]. */
function variableRows(markdown: string): Array<[string[], string]> {
  return markdown
    .split('\n')
    .map((line) => /^\|\s*((?:`[A-Z][A-Z0-9_]*`(?:\s*\/\s*)?)+)\s*\|([^|]*)\|/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [[...match[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]), match[2].trim()]);
}

function declaredVariables(): Array<{ name: string; default: string; area: string }> {
  return declaredSettings().flatMap((d) => Object.entries(d.variables).map(([name, v]) => ({ name, default: v.default, area: d.area })));
}

describe('configuration', () => {
  it('declares the platform and each module or lib area that reads settings', () => {
    expect(declaredSettings().map((d) => d.area)).toEqual(expect.arrayContaining(['platform', 'idempotency', 'analysis']));
  });

  it('README.md documents exactly the declared variables, with their defaults', () => {
    const documented = readmeVariables();
    const declared = declaredVariables();
    const documentedNames = documented.map((v) => v.name);
    const declaredNames = declared.map((v) => v.name);

    const declaredDefault = new Map(declared.map((v) => [v.name, v.default]));
    expect({
      declaredButUndocumented: declaredNames.filter((name) => !documentedNames.includes(name)),
      documentedButReadByNothing: documentedNames.filter((name) => !declaredNames.includes(name)),
      documentedTwice: documentedNames.filter((name, i) => documentedNames.indexOf(name) !== i),
      defaultsThatDiffer: documented
        .filter((v) => declaredDefault.has(v.name) && declaredDefault.get(v.name) !== v.default)
        .map((v) => `${v.name}: README says "${v.default}", declared "${declaredDefault.get(v.name)}"`),
    }).toEqual({ declaredButUndocumented: [], documentedButReadByNothing: [], documentedTwice: [], defaultsThatDiffer: [] });
  });

  it('module and lib READMEs point to README.md instead of keeping their own variables table', () => {
    const readmes = ['src/modules', 'libs'].flatMap((folder) =>
      readdirSync(join(ROOT, folder), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => join(folder, entry.name, 'README.md')),
    );
    const tables = readmes.flatMap((path) => {
      let text: string;
      try {
        text = readFileSync(join(ROOT, path), 'utf8');
      } catch {
        return [];
      }
      return variableRows(text).map(([names]) => `${path}: ${names.join(', ')}`);
    });
    expect(tables).toEqual([]);
  });

  it.each(declaredSettings().map((d) => [d.area, d] as const))('%s reads exactly the variables it declares', (_area, declaration: SettingsDeclaration) => {
    const read = new EnvReader({ NODE_ENV: 'test', DATA_DIR: 'memory://' }, []);
    declaration.parse(read);
    expect([...read.names].sort()).toEqual(Object.keys(declaration.variables).sort());
  });
});
