// The web app's staging slot, for deploying without downtime: a new version is deployed here, and a swap moves it into
// production only once every instance answers /readyz (WEBSITE_SWAP_WARMUP_PING_PATH, in the app settings). It runs on
// the same plan and instances as production, as the same identity, with the same settings and network: after a swap
// it must be able to serve as production. docs/deploy.md ("Deploying without downtime") gives the steps.

param location string
@description('Tags for every resource here that takes them.')
param tags object
param siteName string
param planId string
param identityId string
@description('The production site\'s siteConfig.')
param siteConfig object
@description('The production site\'s app settings.')
param appSettings object
@description('Settings that stay with their slot in a swap instead of travelling with the code.')
param stickySettings array
@description('With private networking, the subnet the app joins; empty otherwise.')
param appSubnetId string
param workspaceId string

resource site 'Microsoft.Web/sites@2023-12-01' existing = {
  name: siteName
}

resource slot 'Microsoft.Web/sites/slots@2023-12-01' = {
  parent: site
  name: 'staging'
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    clientAffinityEnabled: false
    siteConfig: siteConfig
    virtualNetworkSubnetId: empty(appSubnetId) ? null : appSubnetId
    vnetRouteAllEnabled: !empty(appSubnetId)
  }
}

resource slotSettings 'Microsoft.Web/sites/slots/config@2023-12-01' = {
  parent: slot
  name: 'appsettings'
  properties: appSettings
}

// Which settings are sticky is a property of the site, for all its slots.
resource stickyNames 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'slotConfigNames'
  properties: {
    appSettingNames: stickySettings
  }
}

// As for production: deployments to the slot use Entra tokens only.
resource ftpBasicAuth 'Microsoft.Web/sites/slots/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: slot
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/slots/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: slot
  name: 'scm'
  properties: {
    allow: false
  }
}

// The slot's log lines land beside production's, so a job the staging slot ran is seen by the alerts too.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: slot
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

output slotName string = slot.name
