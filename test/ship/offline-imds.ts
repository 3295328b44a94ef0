/**
 * Preloaded (`-r`) into the Staff Voice process that telemetry.test.ts starts. Azure Monitor's VM resource detector
 * always asks the Azure instance metadata service (169.254.169.254) who it is running on; tests reach nothing
 * beyond loopback, so that one request goes to a closed port on 127.0.0.1 instead and fails at once, as it would
 * on any machine that is not an Azure VM.
 */
import http from 'node:http';

const IMDS = '169.254.169.254';
const request = http.request;

http.request = function (this: unknown, ...args: unknown[]) {
  const [options] = args;
  if (options && typeof options === 'object' && !(options instanceof URL)) {
    const o = options as http.RequestOptions;
    if (o.host === IMDS || o.hostname === IMDS) args[0] = { ...o, host: '127.0.0.1', hostname: '127.0.0.1', port: 9 };
  } else if (String(options).includes(IMDS)) {
    throw new Error('offline-imds: unexpected metadata request by URL');
  }
  return (request as (...a: unknown[]) => http.ClientRequest).apply(this, args);
} as typeof http.request;
