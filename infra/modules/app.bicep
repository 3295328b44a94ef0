// App Service: a Linux plan and the web app that runs Staff Voice (Node 24 LTS), as the user-assigned identity, with a
// staging slot on plans that have slots (./staging-slot.bicep). Deployments authenticate with Entra only: basic-auth
// publishing (FTP and the SCM site) is off, as landing-zone policies require; the toolkit's zip deploy uses the
// deployer's Entra token.

param location string
@description('Tags for every resource here that takes them.')
param tags object
param planName string
param siteName string
param sku string
param instanceCount int
param identityId string
param identityClientId string
param tenantId string
param storageTableEndpoint string
param adminAadObjectIds string
param dashboardClientId string
param appInsightsConnectionString string
param speakUpKeySecretUri string
@description('During a key rotation, the versioned secret URI of the key being replaced; empty otherwise.')
param speakUpPreviousKeySecretUri string
param workspaceId string
@description('With private networking, the subnet the app joins to reach storage and Key Vault; empty otherwise.')
param appSubnetId string

// Basic plans have no deployment slots.
var hasStagingSlot = !startsWith(sku, 'B')

// The same for the site and its staging slot.
var siteConfig = {
  // Node 24 LTS (maintenance until April 2028). CI tests 22, 24 and 26; package.json's engines say >=22.
  linuxFxVersion: 'NODE|24-lts'
  // Node itself, not `npm run start:prod`: npm runs scripts through `sh -c`, which does not pass SIGTERM on, so
  // App Service's stop would kill the app without its drain. The same command as package.json's start:prod.
  appCommandLine: 'node --max-old-space-size=160 dist/main.js'
  alwaysOn: true
  healthCheckPath: '/healthz'
  http20Enabled: true
  minTlsVersion: '1.2'
  ftpsState: 'Disabled'
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: sku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: siteName
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
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve as the user-assigned identity (App Service would use a system identity otherwise).
    keyVaultReferenceIdentity: identityId
    // Any instance can serve any request: state lives in Storage.
    clientAffinityEnabled: false
    siteConfig: siteConfig
    // Private networking: storage and Key Vault answer only on private endpoints. All outbound traffic goes through
    // the network, as Key Vault references on Linux need for a vault behind a private endpoint; the internet (Teams,
    // Entra, Application Insights) is still reached, through whatever egress the network has (App Service's own
    // outbound addresses, or the landing zone's firewall).
    virtualNetworkSubnetId: empty(appSubnetId) ? null : appSubnetId
    vnetRouteAllEnabled: !empty(appSubnetId)
  }
}

// Basic-auth publishing credentials off for both FTP and the SCM (Kudu) site: deployments use Entra tokens only.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// The app settings, the same in the site and its staging slot (a swap carries them with the code): exactly the
// variables src/config.ts reads in azure mode that a deployment must set, and the swap's warm-up; everything else keeps
// its default (README.md, docs/deploy.md). test/ship/infra.test.ts holds these and config.ts together.
var appSettingValues = {
  BOT_ID: identityClientId
  BOT_TYPE: 'UserAssignedMsi'
  BOT_TENANT_ID: tenantId
  // Makes DefaultAzureCredential use the user-assigned identity for Storage, and telemetry authenticate as it
  // (Application Insights takes Entra tokens only).
  AZURE_CLIENT_ID: identityClientId
  STORAGE_ACCOUNT_URL: storageTableEndpoint
  ADMIN_AAD_OBJECT_IDS: adminAadObjectIds
  // Export download links point here (the production slot's address, in both slots); the Results tab's API is
  // api://<this host>/<DASHBOARD_CLIENT_ID>.
  PUBLIC_BASE_URL: 'https://${site.properties.defaultHostName}'
  // The Entra app the Results tab signs in with: every dashboard token's audience (docs/dashboard.md).
  DASHBOARD_CLIENT_ID: dashboardClientId
  // Each instance spends its share of the Teams send budget.
  DELIVERY_PROCESSES: string(instanceCount)
  // Names the Application Insights resource and its ingestion endpoint. Its key alone is refused (local auth off):
  // telemetry sends Entra tokens as the identity above (Monitoring Metrics Publisher, modules/monitoring.bicep).
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  // The speak-up encryption key, resolved from Key Vault by App Service as the user-assigned identity.
  SPEAKUP_ENCRYPTION_KEY: '@Microsoft.KeyVault(SecretUri=${speakUpKeySecretUri})'
  // During a key rotation, the version being replaced, so that a provision mid-rotation keeps it (docs/operations.md,
  // "Rotating the key"). Empty otherwise, which the app reads as unset.
  SPEAKUP_ENCRYPTION_KEY_PREVIOUS: empty(speakUpPreviousKeySecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${speakUpPreviousKeySecretUri})'
  // Read by App Service, not the app: a swap waits until every instance of the slot coming in answers /readyz with
  // 200, i.e. has started and reaches storage with its identity.
  WEBSITE_SWAP_WARMUP_PING_PATH: '/readyz'
  WEBSITE_SWAP_WARMUP_PING_STATUSES: '200'
}

// A resource of its own so that PUBLIC_BASE_URL can use the site's host name.
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: appSettingValues
}

module stagingSlot './staging-slot.bicep' = if (hasStagingSlot) {
  name: 'staffvoice-staging-slot'
  params: {
    location: location
    tags: tags
    siteName: site.name
    planId: plan.id
    identityId: identityId
    siteConfig: siteConfig
    appSettings: appSettingValues
    // Stays with the production slot in a swap: a previous key set by hand during a rotation must not leave with the
    // old code (docs/operations.md, "Rotating the key").
    stickySettings: ['SPEAKUP_ENCRYPTION_KEY_PREVIOUS']
    appSubnetId: appSubnetId
    workspaceId: workspaceId
  }
}

// Console output (the app's JSON log lines), HTTP access logs and platform events to Log Analytics.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
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

output siteId string = site.id
output hostName string = site.properties.defaultHostName
