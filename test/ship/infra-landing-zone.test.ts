import { ManagedIdentityCredential } from '@azure/identity';
import { exporterOptions } from '../../src/platform/telemetry';
import {
  bicep,
  bicepObject,
  bicepResources,
  bicepVar,
  moduleParams,
  property,
  read,
  resourceNamed,
  resourcesOfType,
} from './bicep-source';
import { parseAsDeployed } from './deployed-settings';

/**
 * infra/ against the policies a trust's Azure landing zone usually enforces: tags on everything, no keys, passwords
 * or basic auth, audit logs kept, and (with `privateNetworking`) storage and Key Vault off the public internet.
 */

// Resource types that take no tags (Azure's API has no `tags` on them), each with the reason.
const UNTAGGABLE: Record<string, string> = {
  'Microsoft.Authorization/roleAssignments': 'an extension resource on its scope',
  'Microsoft.Insights/diagnosticSettings': 'an extension resource on its scope',
  'Microsoft.Web/sites/config': 'a part of the web app',
  'Microsoft.Web/sites/basicPublishingCredentialsPolicies': 'a part of the web app',
  'Microsoft.Storage/storageAccounts/tableServices': 'a part of the storage account',
  'Microsoft.Storage/storageAccounts/tableServices/tables': 'a part of the storage account',
  'Microsoft.Storage/storageAccounts/queueServices': 'a part of the storage account',
  'Microsoft.Storage/storageAccounts/queueServices/queues': 'a part of the storage account',
  'Microsoft.Web/sites/slots/config': 'a part of the staging slot',
  'Microsoft.Web/sites/slots/basicPublishingCredentialsPolicies': 'a part of the staging slot',
  'Microsoft.Network/privateEndpoints/privateDnsZoneGroups': 'a part of the private endpoint',
};
// Application Insights links a web test to itself by a tag; the test takes the others too.
const WEB_TEST_TAGS = "union(tags, { 'hidden-link:${appInsightsId}': 'Resource' })";

/** Bicep's cidrSubnet(prefix, bits, index) for IPv4, as [first, last] addresses as numbers. */
function cidrSubnet(prefix: string, bits: number, index: number): [number, number] {
  const [address, length] = prefix.split('/');
  const base = address!.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const size = 2 ** (32 - bits);
  if (bits < Number(length)) throw new Error(`${prefix} has no /${bits} subnets`);
  const first = base + index * size;
  if (first + size > base + 2 ** (32 - Number(length))) throw new Error(`${prefix} has no /${bits} number ${index}`);
  return [first, first + size - 1];
}

describe('the Azure deployment in a landing zone', () => {
  it('takes a tags parameter and puts the tags on every resource that takes them', () => {
    expect(bicep.main).toMatch(/^param tags object = \{\}$/m);
    expect(bicep.main).toMatch(/^var resourceTags = union\(\{ application: 'staff-voice' \}, tags\)$/m);
    // Each module gets them, and declares them (the staging slot's from the app's module).
    const modules = [
      ...bicep.main.matchAll(/^module (\w+) '\.\/modules\/([\w-]+)\.bicep' = (?:if \(\w+\) )?\{\n([\s\S]*?)\n\}$/gm),
    ];
    expect(modules.map((m) => m[2]).sort()).toEqual([
      'alerts',
      'app',
      'bot',
      'key-vault',
      'monitoring',
      'network',
      'storage',
    ]);
    for (const m of modules) {
      expect(m[3]).toMatch(/^ {4}tags: resourceTags$/m);
      expect(read(`infra/modules/${m[2]}.bicep`)).toMatch(/^param tags object$/m);
    }
    expect(bicep.app).toMatch(
      /^module stagingSlot '\.\/staging-slot\.bicep' = if \(\w+\) \{\n[\s\S]*?^ {4}tags: tags$/m,
    );
    expect(bicep.stagingSlot).toMatch(/^param tags object$/m);
    // Every resource that takes tags has them; the rest are types Azure gives no tags.
    const resources = bicepResources();
    expect(resources.length).toBeGreaterThanOrEqual(35);
    const untagged = resources
      .filter((r) => !(r.type in UNTAGGABLE))
      .filter((r) => {
        const expected =
          r.file === 'main' ? 'resourceTags' : r.type === 'Microsoft.Insights/webtests' ? WEB_TEST_TAGS : 'tags';
        return property(r, 'tags') !== expected;
      })
      .map((r) => `${r.file}: ${r.symbol} (${r.type})`);
    expect(untagged).toEqual([]);
    const taggedAnyway = resources
      .filter((r) => r.type in UNTAGGABLE && property(r, 'tags') !== undefined)
      .map((r) => r.symbol);
    expect(taggedAnyway).toEqual([]);
    // The toolkit passes the environment's name as a tag.
    expect(JSON.parse(read('infra/azure.parameters.json')).parameters.tags).toEqual({
      value: { environment: '${{TEAMSFX_ENV}}' },
    });
  });

  it('turns basic-auth publishing off, for FTP and for the SCM site, and FTP with it', () => {
    const policies = resourcesOfType('Microsoft.Web/sites/basicPublishingCredentialsPolicies');
    expect(policies.map((p) => property(p, 'name')).sort()).toEqual(["'ftp'", "'scm'"]);
    for (const policy of policies) {
      expect(property(policy, 'parent')).toBe('site');
      expect(policy.body).toMatch(/^ {4}allow: false$/m);
    }
    expect(bicepObject(bicep.app, 'siteConfig').get('ftpsState')).toBe("'Disabled'");
  });

  it('turns local auth off on Application Insights and Log Analytics, and the app sends telemetry as its identity', () => {
    const [appInsights] = resourcesOfType('Microsoft.Insights/components');
    expect(appInsights!.body).toMatch(/^ {4}DisableLocalAuth: true$/m);
    const [workspace] = resourcesOfType('Microsoft.OperationalInsights/workspaces');
    expect(workspace!.body).toMatch(/^ {6}disableLocalAuth: true$/m);
    // The identity may publish telemetry to exactly that resource.
    const publisher = resourcesOfType('Microsoft.Authorization/roleAssignments').find((r) => r.file === 'monitoring');
    expect(property(publisher!, 'scope')).toBe(appInsights!.symbol);
    expect(bicep.monitoring).toMatch(/^var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'$/m);
    expect(publisher!.body).toContain(
      "subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)",
    );
    expect(bicep.main.match(/^module monitoring '[^']+' = \{\n([\s\S]*?)\n\}$/m)?.[1]).toMatch(
      /^ {4}principalId: identity\.properties\.principalId$/m,
    );
    // On the settings the Bicep gives it, the app authenticates as that identity (telemetry.test.ts sends for real).
    const { result } = parseAsDeployed();
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const options = exporterOptions(result.config.telemetry!);
    expect(options.credential).toBeInstanceOf(ManagedIdentityCredential);
    expect(exporterOptions({ connectionString: result.config.telemetry!.connectionString }).credential).toBeUndefined();
  });

  it('turns local auth off on the Azure Bot', () => {
    const [bot] = resourcesOfType('Microsoft.BotService/botServices');
    expect(bot!.body).toMatch(/^ {4}disableLocalAuth: true$/m);
  });

  it("sends the Key Vault's audit log (every read of the key) to Log Analytics", () => {
    const settings = resourcesOfType('Microsoft.Insights/diagnosticSettings').filter((r) => r.file === 'keyVault');
    expect(settings).toHaveLength(1);
    expect(property(settings[0]!, 'scope')).toBe('vault');
    expect(settings[0]!.body).toMatch(/category: 'AuditEvent'\n\s+enabled: true/);
    expect(settings[0]!.body).toMatch(/workspaceId: workspaceId/);
    expect(bicep.main).toMatch(/workspaceId: monitoring\.outputs\.workspaceId/);
  });

  describe('with privateNetworking', () => {
    it('turns public network access off on storage and Key Vault, and is off by default', () => {
      expect(bicep.main).toMatch(/^param privateNetworking bool = false$/m);
      expect(JSON.parse(read('infra/azure.parameters.json')).parameters.privateNetworking).toEqual({ value: false });
      for (const module of ['storage', 'keyVault'])
        expect(moduleParams(bicep.main, module).get('publicNetworkAccess')).toBe(
          "privateNetworking ? 'Disabled' : 'Enabled'",
        );
      for (const [file, symbol] of [
        ['storage', 'account'],
        ['keyVault', 'vault'],
      ] as const)
        expect(resourceNamed(file, symbol).body).toMatch(/^ {4}publicNetworkAccess: publicNetworkAccess$/m);
    });

    it('creates private endpoints for blob, queue, table and the vault, each with its DNS zone linked to the network', () => {
      expect(bicep.main).toMatch(/^module network '\.\/modules\/network\.bicep' = if \(privateNetworking\) \{$/m);
      const params = moduleParams(bicep.main, 'network');
      expect(params.get('storageAccountId')).toBe('storage.outputs.accountId');
      expect(params.get('vaultId')).toBe('keyVault.outputs.vaultId');
      const endpoints = [
        ...bicepVar(bicep.network, 'endpoints').matchAll(/\{ group: '(\w+)', resourceId: (\w+), zone: '([^']+)' \}/g),
      ].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
      expect(endpoints).toEqual([
        'blob storageAccountId privatelink.blob.${environment().suffixes.storage}',
        'queue storageAccountId privatelink.queue.${environment().suffixes.storage}',
        'table storageAccountId privatelink.table.${environment().suffixes.storage}',
        'vault vaultId privatelink.vaultcore.azure.net',
      ]);
      // One of each per endpoint: the zone, its link to the network, the endpoint, and the record in the zone.
      for (const symbol of ['zones', 'zoneLinks', 'privateEndpoints', 'zoneGroups'])
        expect(resourceNamed('network', symbol).body).toMatch(
          /^resource \w+ '[^']+' = \[for (\(endpoint, i\)|endpoint) in endpoints: \{$/m,
        );
      expect(resourceNamed('network', 'zoneLinks').body).toMatch(
        /parent: zones\[i\][\s\S]*virtualNetwork: \{ id: vnet\.id \}/,
      );
      const endpoint = resourceNamed('network', 'privateEndpoints').body;
      expect(endpoint).toContain("subnet: { id: '${vnet.id}/subnets/private-endpoints' }");
      expect(endpoint).toMatch(/privateLinkServiceId: endpoint\.resourceId\n\s+groupIds: \[endpoint\.group\]/);
      expect(resourceNamed('network', 'zoneGroups').body).toMatch(
        /parent: privateEndpoints\[i\][\s\S]*privateDnsZoneId: zones\[i\]\.id/,
      );
    });

    it('puts the app and its staging slot in the network, all their traffic through it', () => {
      expect(moduleParams(bicep.main, 'app').get('appSubnetId')).toBe(
        "privateNetworking ? network!.outputs.appSubnetId : ''",
      );
      expect(bicep.network).toMatch(/^output appSubnetId string = '\$\{vnet\.id\}\/subnets\/app'$/m);
      expect(resourceNamed('network', 'vnet').body).toMatch(
        /name: 'app'[\s\S]*serviceName: 'Microsoft\.Web\/serverFarms'/,
      );
      for (const [file, symbol] of [
        ['app', 'site'],
        ['stagingSlot', 'slot'],
      ] as const) {
        const body = resourceNamed(file, symbol).body;
        expect(body).toMatch(/^ {4}virtualNetworkSubnetId: empty\(appSubnetId\) \? null : appSubnetId$/m);
        expect(body).toMatch(/^ {4}vnetRouteAllEnabled: !empty\(appSubnetId\)$/m);
      }
    });

    it("gives each subnet its own addresses inside the network's, and a security group", () => {
      const prefix = bicep.main.match(/^param vnetAddressPrefix string = '([\d./]+)'$/m)![1]!;
      const subnets = [
        ...bicep.network.matchAll(/^var \w+SubnetPrefix = cidrSubnet\(addressPrefix, (\d+), (\d+)\)$/gm),
      ];
      expect(subnets).toHaveLength(2);
      const [app, endpoints] = subnets.map((m) => cidrSubnet(prefix, Number(m[1]), Number(m[2])));
      expect(app![1] < endpoints![0] || endpoints![1] < app![0]).toBe(true);
      expect(app![1] - app![0] + 1).toBeGreaterThanOrEqual(64); // room to scale out and to swap slots
      expect(resourceNamed('network', 'vnet').body.match(/networkSecurityGroup: \{ id: nsg\.id \}/g)).toHaveLength(2);
    });
  });
});
