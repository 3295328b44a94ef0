import pino from 'pino';

/** The structured logger every part of the app receives. */
export type Log = pino.Logger;

// Field names that may carry what people wrote or who they are. Redacted wherever they appear (two levels deep),
// so a careless `log.info({ activity })` cannot leak an answer, a concern or a reporter.
const SENSITIVE = [
  'text',
  'answers',
  'answer',
  'comment',
  'comments',
  'concern',
  'body',
  'value',
  'card',
  'reporter',
  'name',
  'userName',
  'email',
  'upn',
  'aadObjectId',
  'conversationReference',
  'reference',
  'identity',
];
const REDACT_PATHS = [
  ...SENSITIVE,
  ...SENSITIVE.map((f) => `*.${f}`),
  ...SENSITIVE.map((f) => `*.*.${f}`),
  'req.headers.authorization',
  'headers.authorization',
];

/** Builds the JSON logger. `destination` lets tests capture every line. */
export function createLog(level: string, destination?: pino.DestinationStream): Log {
  return pino(
    {
      level,
      base: { app: 'staff-voice' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
