// Log Analytics (App Service console and HTTP logs land here) and a workspace-based Application Insights. Both take
// Entra-authenticated ingestion only (local auth off): the app's managed identity sends telemetry with Monitoring
// Metrics Publisher on the Application Insights resource; diagnostic settings need no key either.

param location string
@description('Tags for every resource here that takes them.')
param tags object
param workspaceName string
param appInsightsName string
param retentionDays int
@description('Principal (object) id of the app\'s managed identity, which sends the telemetry.')
param principalId string

// Built-in role id (the same in every tenant). Despite its name it publishes all telemetry, not only metrics.
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionDays
    features: {
      // No ingestion with the workspace's shared keys (the Data Collector API); diagnostic settings are unaffected.
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    // Workspace-based: telemetry is kept as long as the workspace keeps logs (retentionDays).
    WorkspaceResourceId: workspace.id
    // The instrumentation key alone no longer lets anything send telemetry: only Entra tokens are accepted.
    DisableLocalAuth: true
  }
}

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output workspaceId string = workspace.id
output appInsightsId string = appInsights.id
output appInsightsName string = appInsights.name
output appInsightsConnectionString string = appInsights.properties.ConnectionString
