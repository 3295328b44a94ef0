import { randomBytes } from 'node:crypto';
import { parseConfig } from '../../src/config';
import { bicep, bicepObject } from './bicep-source';

/** The web app's settings as the Bicep gives them, and as App Service hands them to the app once deployed. */

/** The app settings the Bicep sets, in the site and its staging slot: name → the Bicep expression of its value. */
export const bicepAppSettings = () => bicepObject(bicep.app, 'appSettingValues');

/** A value of the kind each Bicep expression yields once deployed (Key Vault references as App Service resolves them). */
export const SPEAK_UP_KEY = randomBytes(32).toString('base64');
export const DEPLOYED_VALUES: Record<string, string> = {
  identityClientId: '6a1e2c3d-4b5a-4c6d-8e7f-8091a2b3c4d5',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  storageTableEndpoint: 'https://ststaffvoica1b2c3d4e5f6g.table.core.windows.net/',
  adminAadObjectIds: '0f1e2d3c-4b5a-4678-9abc-def012345678,1f1e2d3c-4b5a-4678-9abc-def012345678',
  dashboardClientId: 'c1c1c1c1-d2d2-4e3e-8f4f-a5a5a5a5a5a5',
  "'https://${site.properties.defaultHostName}'": 'https://staffvoice-dev-a1b2c3d4.azurewebsites.net',
  'string(instanceCount)': '2',
  appInsightsConnectionString:
    'InstrumentationKey=00000000-1111-4222-8333-444444444444;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/;LiveEndpoint=https://uksouth.livediagnostics.monitor.azure.com/',
  "'@Microsoft.KeyVault(SecretUri=${speakUpKeySecretUri})'": SPEAK_UP_KEY,
  // Outside a key rotation, as deployments are most of the time (infra-operations.test.ts provisions mid-rotation).
  "empty(speakUpPreviousKeySecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${speakUpPreviousKeySecretUri})'": '',
};
export const deployedValue = (expression: string): string => {
  if (expression in DEPLOYED_VALUES) return DEPLOYED_VALUES[expression]!;
  const literal = expression.match(/^'([^'$]*)'$/);
  if (literal) return literal[1]!;
  throw new Error(`test/ship/deployed-settings.ts: add a deployed value for the Bicep expression ${expression}`);
};

/** The environment the web app gets from the Bicep, and every variable parseConfig read while parsing it. */
export function parseAsDeployed(overrides: Record<string, string> = {}) {
  const env: Record<string, string> = {};
  for (const [name, expression] of bicepAppSettings()) env[name] = deployedValue(expression);
  Object.assign(env, overrides);
  const read = new Set<string>();
  const proxy = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') read.add(key);
      return target[key as string];
    },
  });
  return { env, read, result: parseConfig(proxy) };
}
