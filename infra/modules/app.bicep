// App Service: a Linux plan and the web app that runs Staff Voice (Node 22 LTS), as the user-assigned identity.

param location string
param planName string
param siteName string
param sku string
param instanceCount int
param identityId string
param identityClientId string
param tenantId string
param storageTableEndpoint string
param adminAadObjectIds string
param appInsightsConnectionString string
param speakUpKeySecretUri string
param workspaceId string

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
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
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'npm run start:prod'
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
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
    // Makes DefaultAzureCredential use the user-assigned identity for Storage.
    AZURE_CLIENT_ID: identityClientId
    STORAGE_ACCOUNT_URL: storageTableEndpoint
    ADMIN_AAD_OBJECT_IDS: adminAadObjectIds
    // Export download links point here.
    PUBLIC_BASE_URL: 'https://${site.properties.defaultHostName}'
    // Each instance spends its share of the Teams send budget.
    DELIVERY_PROCESSES: string(instanceCount)
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
