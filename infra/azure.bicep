// Staff Voice in one resource group: a user-assigned managed identity that is both the bot's identity and the app's
// key to Storage, Key Vault and Application Insights; an App Service web app (Linux, Node 24 LTS) with a staging slot;
// an Azure Bot with the Teams channel; a Storage account for tables, queues and their daily backups (no shared keys);
// a Key Vault (RBAC) for the speak-up encryption key; Log Analytics and Application Insights, with alerts that
// e-mail `alertEmail`; and, with `privateNetworking`, a virtual network with private endpoints for storage and Key
// Vault. Deployed by `arm/deploy` in teamsapp.yml; outputs are written to env/.env.<environment>. docs/deploy.md
// walks through it; docs/operations.md covers running it.
// Written to pass a landing zone's policies: every resource that takes tags gets `tags`; nothing authenticates with
// a key, a password or basic auth (Storage shared keys, App Service publishing credentials, Application Insights
// and Log Analytics local auth, the bot's channel keys are all off); the managed identity holds only the data roles it needs (in modules/).

@description('Short lowercase name the resources are named after: 3 to 16 letters, digits or hyphens, starting with a letter.')
@minLength(3)
@maxLength(16)
param resourceBaseName string

@description('Display name of the Azure Bot.')
param botDisplayName string = 'Staff Voice'

@description('Azure region for everything but the bot (which is global). Defaults to the resource group\'s: create it in UK South for NHS data.')
param location string = resourceGroup().location

@description('Entra object ids of the first survey admins, comma-separated. They always hold the admin role.')
@minLength(36)
param adminAadObjectIds string

@description('The speak-up encryption key, on the first provision: 32 random bytes in base64 (openssl rand -base64 32), 44 characters. Stored only in Key Vault. Anything else (`keep`, as later provisions set it): keep the key already there. Never change it once speak-up holds data.')
@secure()
param speakUpEncryptionKey string = ''

@description('Client id of the Entra app the Results tab signs in with (teamsapp.yml creates it: `aadApp/create`). The app checks every dashboard token against it. Empty: the tab\'s sign-in is off.')
param dashboardClientId string = ''

@description('App Service plan SKU. P0v3 (the default) or any Standard or Premium plan has the staging slot that deploys without downtime; Basic (B1-B3) has no slots, so no staging slot is made there.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param appServiceSku string = 'P0v3'

@description('How many instances run the app. Each one runs the HTTP server, the dispatcher and the scheduler; they share the send budget.')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Storage redundancy: zone-redundant by default (UK South has zones; a region without zones needs Standard_LRS or Standard_GRS).')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Days each daily backup of the tables is kept, unchangeable and undeletable (the backups container\'s immutability policy), then deleted. Backups keep what the retention purge deleted for this long: see docs/privacy.md.')
@minValue(7)
@maxValue(365)
param backupRetentionDays int = 35

@description('`recover` brings back a Key Vault of the same name deleted in the last 90 days (a resource group deleted and made again), with the speak-up key in it. `default` otherwise.')
@allowed([
  'default'
  'recover'
])
param keyVaultCreateMode string = 'default'

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Where alerts are e-mailed (poisoned messages, the outbox falling behind, server errors, jobs failed or not run, the speak-up key read by anyone but the app, /readyz failing): a shared mailbox or distribution list of the team that runs Staff Voice.')
@minLength(3)
param alertEmail string

@description('`true`: storage and Key Vault get private endpoints in a new virtual network and public network access off, and the web app joins the network (VNet integration). Teams still reaches the web app over the internet.')
param privateNetworking bool = false

@description('With privateNetworking: the virtual network\'s address space, a /24 (or larger) your network team assigns so that it does not overlap the networks it may be peered with.')
param vnetAddressPrefix string = '10.0.0.0/24'

@description('During a key rotation: the speak-up key\'s previous version (its version id, or the whole secret id step 1 of the rotation prints), so that a provision keeps it as SPEAKUP_ENCRYPTION_KEY_PREVIOUS. `none` otherwise.')
param speakUpPreviousKeyVersion string = 'none'

@description('Tags for every resource that takes them, e.g. the ones your landing zone\'s policy requires (environment, owner, cost centre). Added to `application: staff-voice`; a tag of the same name here wins.')
param tags object = {}

var resourceTags = union({ application: 'staff-voice' }, tags)
var suffix = uniqueString(resourceGroup().id, resourceBaseName)
var compactName = toLower(replace(resourceBaseName, '-', ''))

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-id'
  location: location
  tags: resourceTags
}

module monitoring './modules/monitoring.bicep' = {
  name: 'staffvoice-monitoring'
  params: {
    location: location
    tags: resourceTags
    workspaceName: '${resourceBaseName}-logs'
    appInsightsName: '${resourceBaseName}-insights'
    retentionDays: logRetentionDays
    principalId: identity.properties.principalId
  }
}

module storage './modules/storage.bicep' = {
  name: 'staffvoice-storage'
  params: {
    location: location
    tags: resourceTags
    accountName: 'st${take(compactName, 9)}${take(suffix, 13)}'
    sku: storageSku
    principalId: identity.properties.principalId
    backupRetentionDays: backupRetentionDays
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
  }
}

module keyVault './modules/key-vault.bicep' = {
  name: 'staffvoice-key-vault'
  params: {
    location: location
    tags: resourceTags
    vaultName: 'kv-${take(compactName, 10)}-${take(suffix, 8)}'
    principalId: identity.properties.principalId
    speakUpEncryptionKey: speakUpEncryptionKey
    createMode: keyVaultCreateMode
    workspaceId: monitoring.outputs.workspaceId
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    previousKeyVersion: speakUpPreviousKeyVersion
  }
}

module network './modules/network.bicep' = if (privateNetworking) {
  name: 'staffvoice-network'
  params: {
    location: location
    tags: resourceTags
    namePrefix: resourceBaseName
    addressPrefix: vnetAddressPrefix
    storageAccountId: storage.outputs.accountId
    vaultId: keyVault.outputs.vaultId
  }
}

module app './modules/app.bicep' = {
  name: 'staffvoice-app'
  params: {
    location: location
    tags: resourceTags
    planName: '${resourceBaseName}-plan'
    siteName: '${resourceBaseName}-${take(suffix, 8)}'
    sku: appServiceSku
    instanceCount: instanceCount
    identityId: identity.id
    identityClientId: identity.properties.clientId
    tenantId: identity.properties.tenantId
    storageTableEndpoint: storage.outputs.tableEndpoint
    adminAadObjectIds: adminAadObjectIds
    dashboardClientId: dashboardClientId
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    speakUpKeySecretUri: keyVault.outputs.speakUpKeySecretUri
    speakUpPreviousKeySecretUri: keyVault.outputs.speakUpPreviousKeySecretUri
    workspaceId: monitoring.outputs.workspaceId
    appSubnetId: privateNetworking ? network!.outputs.appSubnetId : ''
  }
}

module alerts './modules/alerts.bicep' = {
  name: 'staffvoice-alerts'
  params: {
    location: location
    tags: resourceTags
    namePrefix: resourceBaseName
    alertEmail: alertEmail
    workspaceId: monitoring.outputs.workspaceId
    appInsightsId: monitoring.outputs.appInsightsId
    readyUrl: 'https://${app.outputs.hostName}/readyz'
    appPrincipalId: identity.properties.principalId
    vaultId: keyVault.outputs.vaultId
  }
}

module bot './modules/bot.bicep' = {
  name: 'staffvoice-bot'
  params: {
    tags: resourceTags
    botName: '${resourceBaseName}-bot-${take(suffix, 8)}'
    displayName: botDisplayName
    messagingEndpoint: 'https://${app.outputs.hostName}/api/messages'
    identityId: identity.id
    identityClientId: identity.properties.clientId
    tenantId: identity.properties.tenantId
  }
}

// Written to env/.env.<environment> by arm/deploy and used by teamsapp.yml, the manifest and docs/deploy.md.
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output BOT_DOMAIN string = app.outputs.hostName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = app.outputs.siteId
output BOT_SERVICE_NAME string = bot.outputs.botName
output STORAGE_ACCOUNT_NAME string = storage.outputs.accountName
output KEY_VAULT_NAME string = keyVault.outputs.vaultName
output APPLICATION_INSIGHTS_NAME string = monitoring.outputs.appInsightsName
