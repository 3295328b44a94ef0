// The Azure Bot registration: the app's user-assigned managed identity is the bot's identity (no client secret),
// with the Microsoft Teams channel on, and local auth off.

@description('Tags for every resource here that takes them.')
param tags object
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
  tags: tags
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
    // Entra only: no channel keys or secrets (Direct Line, Web Chat) can authenticate. Teams uses Entra tokens and
    // is not affected; this bot uses no other channel.
    disableLocalAuth: true
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  tags: tags
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
