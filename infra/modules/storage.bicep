// The system of record: tables and queues, reached only with Entra tokens (shared-key access off), by the app's
// managed identity holding Storage Table Data Contributor and Storage Queue Data Contributor.

param location string
@description('Tags for every resource here that takes them (the account: its services, tables and queues take none).')
param tags object
param accountName string
param sku string
@description('Principal (object) id of the app\'s managed identity.')
param principalId string
@description('`Disabled` with private networking: the account is then reached only through its private endpoints.')
param publicNetworkAccess string

// Must match TABLE_NAMES in src/platform/tables.ts and QUEUE_NAMES in src/platform/queues.ts (test/ship checks).
// The app also creates any that are missing at start-up.
var tableNames = [
  'conversations'
  'roles'
  'registrations'
  'audit'
  'leases'
  'deliveries'
  'answered'
  'cards'
  'responses'
  'surveys'
  'waves'
  'results'
  'exports'
  'cases'
  'casereporters'
  'casemessages'
  'actions'
  'feedback'
]
var queueNames = [
  'outbox'
  'outbox-poison'
  'responses'
  'responses-poison'
  'feedback'
  'feedback-poison'
]

// Built-in role ids (the same in every tenant).
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: sku
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    publicNetworkAccess: publicNetworkAccess
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for name in tableNames: {
  parent: tableService
  name: name
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for name in queueNames: {
  parent: queueService
  name: name
}]

resource tableAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, storageTableDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, storageQueueDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output accountId string = account.id
output accountName string = account.name
// https://<account>.table.core.windows.net/ : the app derives the queue endpoint from it.
output tableEndpoint string = account.properties.primaryEndpoints.table
