import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * infra/ as text, for the tests that hold it against the code: there is no Bicep compiler on these machines, so the
 * Bicep is read in the few fixed shapes it is written in (`var` objects and arrays, `output` lines, `resource`
 * declarations at the start of a line with their properties two spaces in).
 */
export const root = path.join(__dirname, '../..');
export const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

export const bicep = {
  main: read('infra/azure.bicep'),
  app: read('infra/modules/app.bicep'),
  stagingSlot: read('infra/modules/staging-slot.bicep'),
  storage: read('infra/modules/storage.bicep'),
  keyVault: read('infra/modules/key-vault.bicep'),
  bot: read('infra/modules/bot.bicep'),
  monitoring: read('infra/modules/monitoring.bicep'),
  alerts: read('infra/modules/alerts.bicep'),
  network: read('infra/modules/network.bicep'),
};

/** A `resource` declaration: its symbolic name, type, and body (from its opening brace to the matching one). */
export interface BicepResource {
  file: string;
  symbol: string;
  type: string;
  body: string;
}

/** Every resource declared in infra/, in every file. Whole-line comments are left out of the bodies. */
export function bicepResources(): BicepResource[] {
  const found: BicepResource[] = [];
  for (const [file, source] of Object.entries(bicep)) {
    const lines = source.split('\n').filter((line) => !line.trimStart().startsWith('//'));
    for (let i = 0; i < lines.length; i++) {
      const m = lines[i]!.match(/^resource (\w+) '([^'@]+)@[^']+' = .*\{$/);
      if (!m) continue;
      let depth = 0;
      const body: string[] = [];
      for (let j = i; j < lines.length; j++) {
        body.push(lines[j]!);
        for (const c of lines[j]!) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
        if (depth === 0) break;
      }
      found.push({ file, symbol: m[1]!, type: m[2]!, body: body.join('\n') });
    }
  }
  return found;
}

/** A top-level property of a resource (two spaces in): `name: value` → value, or undefined. */
export const property = (resource: BicepResource, name: string) =>
  resource.body.match(new RegExp(`^ {2}${name}: (.+)$`, 'm'))?.[1];
export const resourcesOfType = (type: string) => bicepResources().filter((r) => r.type === type);
export const resourceNamed = (file: keyof typeof bicep, symbol: string) => {
  const found = bicepResources().find((r) => r.file === file && r.symbol === symbol);
  if (!found) throw new Error(`infra: no resource ${symbol} in ${file}`);
  return found;
};

/** The text of `var <name> = {…}` or `[…]`, from the line after its opening to the line before its close. */
export function bicepVar(source: string, name: string): string {
  const m = source.match(new RegExp(`^var ${name} = ([\\[{])\\n([\\s\\S]*?)\\n[\\]}]$`, 'm'));
  if (!m) throw new Error(`infra: no multi-line var ${name}`);
  return m[2]!;
}

/** A `var` object's entries, two spaces in: name → the Bicep expression of its value. */
export function bicepObject(source: string, name: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of bicepVar(source, name).split('\n')) {
    const m = line.match(/^ {2}(\w+): (.+)$/);
    if (m) entries.set(m[1]!, m[2]!.trim());
  }
  return entries;
}

/** The parameters `module <symbol>` is given in a file: name → the Bicep expression passed. */
export function moduleParams(source: string, symbol: string): Map<string, string> {
  const m = source.match(new RegExp(`^module ${symbol} '[^']+' = (?:if \\(\\w+\\) )?\\{\\n([\\s\\S]*?)\\n\\}$`, 'm'));
  if (!m) throw new Error(`infra: no module ${symbol}`);
  const params = new Map<string, string>();
  for (const line of m[1]!.split('\n')) {
    const p = line.match(/^ {4}(\w+): (.+)$/);
    if (p) params.set(p[1]!, p[2]!.trim());
  }
  return params;
}
