// The Azure Bot registration: the app's user-assigned managed identity is the bot's identity (no client secret),
// with the Microsoft Teams channel on.

param botName string
param displayName string
param messagingEndpoint string
param identityId string
param identityClientId string
param tenantId string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  // Azure Bot registrations are global resources; the messages themselves are handled by the web app's region.
  location: 'global'
  kind: 'azurebot'
  sku: {
    // Teams is a standard channel: free and unmetered on F0.
    name: 'F0'
  }
  properties: {
    displayName: displayName
    endpoint: messagingEndpoint
    msaAppType: 'UserAssignedMSI'
    msaAppId: identityClientId
    msaAppMSIResourceId: identityId
    msaAppTenantId: tenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

output botName string = bot.name
