import { startAzurite } from '../../src/local/azurite';
import { freePort } from './free-port';

/** Starts one in-memory Azurite for the whole run; each test file uses its own table and queue names. */
export default async function globalSetup(): Promise<void> {
  const ports = { blob: await freePort(), queue: await freePort(), table: await freePort() };
  const azurite = await startAzurite({ ports });
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
  (globalThis as { __azurite?: typeof azurite }).__azurite = azurite;
}
