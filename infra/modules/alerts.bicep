// What to watch, as Azure Monitor alerts that e-mail one address (an action group): messages poisoned, the outbox
// falling behind, server errors, a scheduled job that failed or stopped running, the speak-up key read by anyone but
// the app, and an availability test on /readyz. docs/operations.md ("Alerts") says what each means and what to do.
// The log alerts query Log Analytics, where the app's console lines (AppServiceConsoleLogs: pino writes JSON to
// stdout), HTTP logs, the Key Vault audit log and Application Insights' tables land. No query returns an answer, a
// comment or who anyone is: the log lines hold none, and the Key Vault alert names only callers other than the app.
// Poison queues are counted from the app's lines because Azure Monitor's queue metric (QueueMessageCount) is one
// figure for all the account's queues, refreshed about hourly, with no queue name to split it by.

param location string
@description('Tags for every resource here that takes them.')
param tags object
param namePrefix string
@description('Where alerts are e-mailed: a shared mailbox or distribution list of the team that runs Staff Voice.')
param alertEmail string
param workspaceId string
param appInsightsId string
@description('The readiness probe\'s address, https://<host>/readyz.')
param readyUrl string
@description('Principal (object) id of the app\'s managed identity: its reads of the key are expected.')
param appPrincipalId string
param vaultId string

// Each query returns only rows that call for someone to look, so every rule fires on "more than 0 rows", split by the
// dimension named (one alert per queue or job). The app's console lines are one pino JSON object each, in
// ResultDescription; the messages are those src/delivery, src/surveys/answering and src/platform/scheduler.ts write.
// Each query can be pasted into Log Analytics as it is (the Key Vault one after its two `let` lines).
var logAlerts = [
  {
    name: 'poisoned-messages'
    title: 'Messages poisoned'
    description: 'Messages moved to a poison queue: more than 10 sends an hour to outbox-poison (a few people Teams cannot reach are normal; a burst is an outage or a card Teams refuses), or any answer to responses-poison or feedback-poison (an answer the app refused). operations.md, "Alerts".'
    severity: 2
    frequency: 'PT15M'
    window: 'PT1H'
    dimension: 'queue'
    query: '''
AppServiceConsoleLogs
| extend line = parse_json(ResultDescription)
| extend msg = tostring(line.msg)
| where msg in ('outbox message poisoned', 'response message poisoned')
| extend queue = iff(msg == 'outbox message poisoned', 'outbox-poison', strcat(tostring(line.queue), '-poison'))
| summarize poisoned = count() by queue
| where poisoned > iff(queue == 'outbox-poison', 10, 0)
'''
  }
  {
    name: 'outbox-behind'
    title: 'Outbox falling behind'
    description: 'The oldest message waiting in the outbox is more than 30 minutes old: sends are stuck (Teams throttling for long, the dispatcher stopped, storage failing). Reads the metric staffvoice.outbox.oldest_age_seconds.'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    dimension: ''
    query: '''
AppMetrics
| where Name == 'staffvoice.outbox.oldest_age_seconds'
| summarize oldestSeconds = max(Max)
| where oldestSeconds > 1800
'''
  }
  {
    name: 'server-errors'
    title: 'Server errors'
    description: 'More than 5% of requests (at least 20 in 15 minutes, health probes left out) answered 5xx: Teams sees the bot failing.'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    dimension: ''
    query: '''
AppServiceHTTPLogs
| where CsUriStem !in ('/healthz', '/readyz')
| summarize requests = count(), errors = countif(ScStatus >= 500)
| where requests >= 20 and errors * 100.0 / requests > 5
'''
  }
  {
    name: 'job-failed'
    title: 'Scheduled job failed'
    description: 'A scheduled job logged "scheduled job failed". The next tick runs it again; failures that repeat mean storage or Teams is failing. operations.md, "Alerts".'
    severity: 2
    frequency: 'PT15M'
    window: 'PT15M'
    dimension: 'job'
    query: '''
AppServiceConsoleLogs
| extend line = parse_json(ResultDescription)
| where tostring(line.msg) == 'scheduled job failed'
| summarize failures = count() by job = tostring(line.job)
'''
  }
  {
    name: 'job-not-run'
    title: 'Scheduled job did not run'
    description: 'A scheduled job has not started for longer than its schedule allows: no instance is running the scheduler. The weekly digest and the weekday bundle are not listed: a log alert looks back at most two days, and they run on the same scheduler the listed jobs show alive. operations.md, "Alerts".'
    severity: 2
    frequency: 'PT15M'
    window: 'P2D'
    dimension: 'job'
    // Each job's longest gap is its schedule with slack. A job not started in the window counts from the first line
    // the app logged in it, so a new deployment is given time; with no line at all the availability test speaks.
    query: '''
AppServiceConsoleLogs
| extend line = parse_json(ResultDescription)
| where tostring(line.msg) == 'scheduled job starting'
| summarize lastStart = max(TimeGenerated) by started = tostring(line.job)
| join kind=rightouter (datatable(job: string, gap: timespan) [
    'surveys', 10m, 'speak-up', 20m, 'feedback', 20m, 'reseal', 45m, 'seal-responses', 45m, 'retention', 26h,
    'team-results', 10m, 'backup', 26h
  ]) on $left.started == $right.job
| extend lastStart = coalesce(lastStart, toscalar(AppServiceConsoleLogs | summarize min(TimeGenerated)))
| where now() - lastStart > gap
| project job, lastStart, gap
'''
  }
  {
    name: 'key-read-by-others'
    title: 'Speak-up key read by someone other than the app'
    description: 'The Key Vault audit log shows the speak-up key read (or backed up) by an identity other than the app\'s. Expected only from a rotation or an audit check you ran; otherwise treat it as an incident. operations.md, "Keys".'
    severity: 1
    frequency: 'PT15M'
    window: 'PT30M'
    dimension: ''
    query: 'let vault = \'${vaultId}\';\nlet appIdentity = \'${appPrincipalId}\';\n${keyVaultReads}'
  }
]

// The audit log's caller is an object id, in one of two columns depending on the token's version.
var keyVaultReads = '''
AzureDiagnostics
| where ResourceProvider == 'MICROSOFT.KEYVAULT' and _ResourceId =~ vault
| where OperationName in ('SecretGet', 'SecretBackup')
| extend caller = tostring(coalesce(
    column_ifexists('identity_claim_oid_g', guid(null)),
    column_ifexists('identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g', guid(null))))
| where caller !~ appIdentity
| project TimeGenerated, OperationName, caller, CallerIPAddress, ResultType
'''

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${namePrefix}-alerts'
  location: 'global'
  tags: tags
  properties: {
    // Shown as the sender of SMS and voice alerts: at most 12 characters.
    groupShortName: 'StaffVoice'
    enabled: true
    emailReceivers: [
      {
        name: 'operations'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource logAlertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for alert in logAlerts: {
  name: '${namePrefix}-${alert.name}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Staff Voice: ${alert.title}'
    description: alert.description
    severity: alert.severity
    enabled: true
    scopes: [workspaceId]
    evaluationFrequency: alert.frequency
    windowSize: alert.window
    criteria: {
      allOf: [
        {
          query: alert.query
          timeAggregation: 'Count'
          dimensions: empty(alert.dimension) ? [] : [{ name: alert.dimension, operator: 'Include', values: ['*'] }]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    // Resolved by itself once the query finds nothing, so the mailbox also hears when it is over.
    autoMitigate: true
    actions: {
      actionGroups: [actionGroup.id]
    }
  }
}]

// A standard test (URL ping tests are retired) on /readyz, which answers 503 when storage is unreachable: from five
// Azure regions in and near the UK, every five minutes. App Service's own health check uses /healthz instead
// (operations.md, "Health"). Application Insights links a test to itself through the hidden-link tag.
resource readyTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: '${namePrefix}-readyz'
  location: location
  tags: union(tags, { 'hidden-link:${appInsightsId}': 'Resource' })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: '${namePrefix}-readyz'
    Name: 'Staff Voice /readyz'
    Kind: 'standard'
    Enabled: true
    Frequency: 300
    Timeout: 30
    RetryEnabled: true
    // UK South, UK West, North Europe, West Europe, France Central.
    Locations: [
      { Id: 'emea-ru-msa-edge' }
      { Id: 'emea-se-sto-edge' }
      { Id: 'emea-gb-db3-azr' }
      { Id: 'emea-nl-ams-azr' }
      { Id: 'emea-fr-pra-edge' }
    ]
    Request: {
      RequestUrl: readyUrl
      HttpVerb: 'GET'
      ParseDependentRequests: false
      FollowRedirects: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 14
    }
  }
}

// Two locations failing together, not one: a single location's network trouble is not an outage.
resource readyAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-readyz-failing'
  location: 'global'
  tags: tags
  properties: {
    description: '/readyz failed from at least two of five locations: the app is down or cannot reach storage. operations.md, "Alerts".'
    severity: 1
    enabled: true
    scopes: [readyTest.id, appInsightsId]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: readyTest.id
      componentId: appInsightsId
      failedLocationCount: 2
    }
    autoMitigate: true
    actions: [
      { actionGroupId: actionGroup.id }
    ]
  }
}

output actionGroupId string = actionGroup.id
