// Key Vault (RBAC, soft delete and purge protection) holding the speak-up encryption key, which seals speak-up
// concerns, messages and reporters' identities (AES-256-GCM, src/platform/crypto.ts). The app reads it through a Key
// Vault reference in its settings, as its managed identity with Key Vault Secrets User on this vault, which holds
// nothing else.

param location string
@description('Tags for every resource here that takes them.')
param tags object
param vaultName string
@description('Principal (object) id of the app\'s managed identity.')
param principalId string
@description('The key, 32 random bytes in base64 (44 characters), on the first provision. Anything else (the docs say `keep`): keep the key already in the vault.')
@secure()
param speakUpEncryptionKey string
@description('`recover`: bring back the soft-deleted vault of this name (and the key in it) instead of failing on the name.')
@allowed([
  'default'
  'recover'
])
param createMode string = 'default'
@description('Log Analytics workspace that receives the vault\'s audit log (every read of the key, by whom).')
param workspaceId string
@description('`Disabled` with private networking: the vault is then reached only through its private endpoint.')
param publicNetworkAccess string
@description('During a key rotation, the version of the key being replaced: its version id, or its whole secret id. Anything else (`none`): no previous key.')
param previousKeyVersion string = 'none'

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var secretName = 'speakup-encryption-key'
// Only ever a version of this secret, never another secret or vault. A version id is 32 hex characters, so `none`
// (the toolkit will not deploy with an empty variable) or anything mistyped gives no previous key, not a wrong one.
var lastPart = last(split(previousKeyVersion, '/'))
var previousVersion = length(lastPart) == 32 ? lastPart : ''

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    createMode: createMode
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Losing this key makes every sealed speak-up case unreadable: nobody may purge it early.
    enablePurgeProtection: true
    publicNetworkAccess: publicNetworkAccess
  }
}

// Written only when a key is given, so that a later provision without the key (a colleague's machine, a pipeline)
// can never replace it: a different key would make every existing case unreadable. A key is exactly 44 characters
// (32 bytes in base64). The toolkit will not deploy with an empty variable (it would leave the `${{...}}` text in the
// parameters), so later provisions set SECRET_SPEAKUP_ENCRYPTION_KEY=keep, and neither `keep` nor an unreplaced
// placeholder can become the key.
resource speakUpKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (length(speakUpEncryptionKey) == 44) {
  parent: vault
  name: secretName
  tags: tags
  properties: {
    value: speakUpEncryptionKey
    contentType: 'base64: 32 random bytes (AES-256-GCM key for speak-up)'
  }
}

resource secretReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Every read of the key, by whom and when: the control on the one residual privacy risk (a holder of the key and of
// storage could pair answers by time while a wave is open; docs/privacy.md). modules/alerts.bicep alerts on reads by
// anyone but the app.
resource auditLog 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

output vaultId string = vault.id
output vaultName string = vault.name
// Versionless: App Service resolves the current version (at start-up, and again within 24 hours of a change).
output speakUpKeySecretUri string = '${vault.properties.vaultUri}secrets/${secretName}'
// Versioned, and empty without a previous key (the app reads an empty setting as unset).
output speakUpPreviousKeySecretUri string = empty(previousVersion) ? '' : '${vault.properties.vaultUri}secrets/${secretName}/${previousVersion}'
