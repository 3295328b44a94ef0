import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

/**
 * The Agents Toolkit's project files against the toolkit's own JSON schema for their version: the newest the Toolkit
 * CLI bundles, vendored in test/ship/schemas/ (its README names the package, version, path and sha256). The toolkit
 * validates these files the same way before it provisions, deploys or publishes; here it happens offline, every run.
 */
const root = path.join(__dirname, '../..');
const SCHEMA_VERSION = 'v1.13';
const SCHEMA_FILE = `teamsapp-yaml.${SCHEMA_VERSION}.schema.json`;
const FILES = ['teamsapp.yml', 'teamsapp.local.yml'];

const schemaBytes = readFileSync(path.join(__dirname, 'schemas', SCHEMA_FILE));
const schema = JSON.parse(schemaBytes.toString('utf8'));
const text = (file: string) => readFileSync(path.join(root, file), 'utf8');

function validator() {
  // The toolkit's own validator settings (teamsfx-core, configManager/validator.js), plus allErrors for the messages.
  const ajv = new Ajv({ allowUnionTypes: true, allErrors: true });
  ajv.addKeyword('deprecationMessage');
  return ajv.compile(schema);
}

const errorsOf = (validate: ReturnType<typeof validator>, value: unknown) =>
  validate(value)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

describe('the toolkit files (teamsapp.yml, teamsapp.local.yml) and the toolkit schema', () => {
  it('uses the vendored schema its README names, byte for byte, for the version it claims', () => {
    const readme = readFileSync(path.join(__dirname, 'schemas', 'README.md'), 'utf8');
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${SCHEMA_FILE}\` |`));
    expect(row).toBeDefined();
    expect(row).toContain(`resource/yaml-schema/${SCHEMA_VERSION}/yaml.schema.json`);
    expect(row).toContain(createHash('sha256').update(schemaBytes).digest('hex'));
    expect(schema.properties.version.const).toBe(SCHEMA_VERSION);
  });

  it.each(FILES)('%s declares the schema version in its yaml-language-server line and its version field', (file) => {
    expect(text(file).split('\n')[0]).toBe(
      `# yaml-language-server: $schema=https://aka.ms/teams-toolkit/${SCHEMA_VERSION}/yaml.schema.json`,
    );
    expect(parse(text(file)).version).toBe(SCHEMA_VERSION);
  });

  it.each(FILES)('%s validates against the schema', (file) => {
    expect(errorsOf(validator(), parse(text(file)))).toEqual([]);
  });

  it('is checked for real: the schema refuses a broken file', () => {
    const broken = parse(text('teamsapp.yml'));
    const deploy = broken.provision.find((step: { uses: string }) => step.uses === 'arm/deploy');
    delete deploy.with.resourceGroupName; // required
    deploy.with.bicepVersion = deploy.with.bicepCliVersion; // not a field of arm/deploy
    broken.deploy.push({ uses: 'azureAppService/deployEverything' }); // no such action
    const errors = errorsOf(validator(), broken);
    expect(errors.join('\n')).toMatch(/resourceGroupName/);
    expect(errors.join('\n')).toMatch(/bicepVersion/);
    expect(errors.join('\n')).toMatch(/\/deploy\/\d+/);
  });

  it('pins a released Bicep CLI for arm/deploy (the toolkit downloads exactly that tag)', () => {
    const deploy = parse(text('teamsapp.yml')).provision.find((step: { uses: string }) => step.uses === 'arm/deploy');
    expect(deploy.with.bicepCliVersion).toMatch(/^v0\.\d+\.\d+$/);
  });
});
