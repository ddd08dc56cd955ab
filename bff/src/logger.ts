import pino, { type Logger } from 'pino';

/** Personal data never reaches the logs in clear. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.idNumber',
  '*.phone',
  '*.phoneNumber',
  '*.phoneCode',
  '*.code',
  '*.refreshToken',
  '*.accessToken',
  '*.session_key',
  '*.sessionKey',
  '*.address',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { svc: 'bff' } }, destination);
}

export type { Logger };
