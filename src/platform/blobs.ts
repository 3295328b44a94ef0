import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { StorageAccess } from './storage';

/** Builds a client for one blob container. The only place a blob client is constructed. */
export function containerClient(access: StorageAccess, name: string): ContainerClient {
  if (access.kind === 'connection-string')
    return BlobServiceClient.fromConnectionString(access.connectionString).getContainerClient(name);
  return new BlobServiceClient(access.blobUrl, access.credential).getContainerClient(name);
}
