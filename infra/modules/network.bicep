// Private networking (the `privateNetworking` parameter): a virtual network the web app joins (regional VNet
// integration) and private endpoints for the storage account (blob, queue, table) and the Key Vault, with their private
// DNS zones linked to the network, so that the app reaches both on private addresses while their public network
// access is off. Teams still reaches the web app from the internet: only storage and the vault leave it.

param location string
@description('Tags for every resource here that takes them.')
param tags object
param namePrefix string
@description('The network\'s address space, at least a /24: the app\'s subnet is its first /26, the endpoints\' the /27 after.')
param addressPrefix string
param storageAccountId string
param vaultId string

// A /26 leaves room for App Service to scale out and to swap slots (each instance takes an address, twice during a
// swap); private endpoints take one address each.
var appSubnetPrefix = cidrSubnet(addressPrefix, 26, 0)
var endpointSubnetPrefix = cidrSubnet(addressPrefix, 27, 2)

// One endpoint per service the app or its operators reach. The zone names are Azure's public cloud's (the vault's has
// no suffix in environment()); the zone must be named exactly so for the service's host name to resolve to the
// endpoint.
var endpoints = [
  { group: 'blob', resourceId: storageAccountId, zone: 'privatelink.blob.${environment().suffixes.storage}' }
  { group: 'queue', resourceId: storageAccountId, zone: 'privatelink.queue.${environment().suffixes.storage}' }
  { group: 'table', resourceId: storageAccountId, zone: 'privatelink.table.${environment().suffixes.storage}' }
  { group: 'vault', resourceId: vaultId, zone: 'privatelink.vaultcore.azure.net' }
]

// No rules beyond Azure's defaults; there because landing-zone policy usually refuses a subnet without one.
resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: '${namePrefix}-nsg'
  location: location
  tags: tags
  properties: {
    securityRules: []
  }
}

// Subnets inside the network resource, not as resources of their own: a redeploy then never tries to remove them.
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${namePrefix}-vnet'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [addressPrefix]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: appSubnetPrefix
          networkSecurityGroup: { id: nsg.id }
          delegations: [
            {
              name: 'app-service'
              properties: { serviceName: 'Microsoft.Web/serverFarms' }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: endpointSubnetPrefix
          networkSecurityGroup: { id: nsg.id }
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2020-06-01' = [for endpoint in endpoints: {
  name: endpoint.zone
  location: 'global'
  tags: tags
}]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = [for (endpoint, i) in endpoints: {
  parent: zones[i]
  name: '${namePrefix}-vnet'
  location: 'global'
  tags: tags
  properties: {
    virtualNetwork: { id: vnet.id }
    registrationEnabled: false
  }
}]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [for endpoint in endpoints: {
  name: '${namePrefix}-${endpoint.group}-pe'
  location: location
  tags: tags
  properties: {
    subnet: { id: '${vnet.id}/subnets/private-endpoints' }
    privateLinkServiceConnections: [
      {
        name: endpoint.group
        properties: {
          privateLinkServiceId: endpoint.resourceId
          groupIds: [endpoint.group]
        }
      }
    ]
  }
}]

// Writes each endpoint's address into its zone (and removes it with the endpoint).
resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [for (endpoint, i) in endpoints: {
  parent: privateEndpoints[i]
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: endpoint.group
        properties: { privateDnsZoneId: zones[i].id }
      }
    ]
  }
}]

output appSubnetId string = '${vnet.id}/subnets/app'
