// App Service: a Linux plan and the web app that runs Staff Voice (Node 22 LTS), as the user-assigned identity.
// Deployments authenticate with Entra only: basic-auth publishing (FTP and the SCM site) is off, as landing-zone
// policies require; the toolkit's zip deploy uses the deployer's Entra token.

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
param workspaceId string

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
    siteConfig: {
      // Node 22 LTS. Staff Voice also runs on Node 24 (`NODE|24-lts`) where App Service offers it in the region
      // (`az webapp list-runtimes --os-type linux`).
      linuxFxVersion: 'NODE|22-lts'
      // Node itself, not `npm run start:prod`: npm runs scripts through `sh -c`, which does not pass SIGTERM on, so
      // App Service's stop would kill the app without its drain. The same command as package.json's start:prod.
      appCommandLine: 'node --max-old-space-size=160 dist/main.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
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

// The app settings: exactly the variables src/config.ts reads in azure mode that a deployment must set; everything
// else keeps its default (README.md, docs/deploy.md). A resource of its own so that PUBLIC_BASE_URL can use the
// site's host name. test/ship/infra.test.ts holds these and config.ts together.
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    BOT_ID: identityClientId
    BOT_TYPE: 'UserAssignedMsi'
    BOT_TENANT_ID: tenantId
    // Makes DefaultAzureCredential use the user-assigned identity for Storage, and telemetry authenticate as it
    // (Application Insights takes Entra tokens only).
    AZURE_CLIENT_ID: identityClientId
    STORAGE_ACCOUNT_URL: storageTableEndpoint
    ADMIN_AAD_OBJECT_IDS: adminAadObjectIds
    // Export download links point here; the Results tab's API is api://<this host>/<DASHBOARD_CLIENT_ID>.
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
