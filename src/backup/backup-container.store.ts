import { createHash } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { ContainerClient } from '@azure/storage-blob';
import { storageStatus } from '../platform/storage';

/** A file as stored: its size and SHA-256 (hex), compressed, and the blob's ETag. */
export interface StoredFile {
  readonly bytes: number;
  readonly sha256: string;
  readonly etag: string;
}

const MANIFEST = 'manifest.json';
// Blocks of 4 MiB, two in flight: what an upload holds in memory, whatever the table's size.
const BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * The backups of one namespace in the `backups` blob container: `<namespace>/<backup name>/` (no folder for the
 * default namespace), holding each table's gzip of JSON lines and, written last, the signed `manifest.json`. Every
 * blob is written once, never replaced: each write is conditional on there being no blob of that name (and the
 * container's immutability policy refuses replacing or deleting one anyway, in Azure).
 */
export class BlobBackupContainer {
  constructor(
    private readonly container: ContainerClient,
    private readonly namespace: string,
  ) {}

  /** Creates the container where the Bicep has not (local mode, tests). Azure's was made with its policies. */
  async ensure(): Promise<void> {
    if (!(await this.container.exists())) await this.container.createIfNotExists();
  }

  /** The names of the backups whose manifest was written, oldest first. */
  async names(): Promise<string[]> {
    const out: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: this.folder('') }))
      if (blob.name.endsWith(`/${MANIFEST}`)) out.push(blob.name.slice(this.folder('').length, -MANIFEST.length - 1));
    return out.sort();
  }

  async hasManifest(name: string): Promise<boolean> {
    return this.blob(name, MANIFEST).exists();
  }

  /** The manifest's text; undefined when the backup has none (it never finished, or there is no such backup). */
  async readManifest(name: string): Promise<string | undefined> {
    try {
      return (await this.blob(name, MANIFEST).downloadToBuffer()).toString('utf8');
    } catch (error) {
      if (storageStatus(error) === 404) return undefined;
      throw error;
    }
  }

  /** Writes the manifest, last of all; false when the backup has one already (another run finished it first). */
  async writeManifest(name: string, text: string): Promise<boolean> {
    try {
      await this.blob(name, MANIFEST).upload(text, Buffer.byteLength(text), {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return true;
    } catch (error) {
      if (storageStatus(error) === 409) return false;
      throw error;
    }
  }

  /** Writes a file from lines (each ending in a newline), gzipped as it streams: its size and checksum as stored. */
  async writeFile(name: string, file: string, lines: AsyncIterable<string>): Promise<StoredFile> {
    const digest = createHash('sha256');
    let bytes = 0;
    const counted = new PassThrough();
    counted.on('data', (chunk: Buffer) => {
      digest.update(chunk);
      bytes += chunk.length;
    });
    const gzip = createGzip();
    const written = pipeline(Readable.from(lines), gzip, counted);
    const upload = this.blob(name, file).uploadStream(counted, BLOCK_BYTES, 2, {
      conditions: { ifNoneMatch: '*' },
      blobHTTPHeaders: { blobContentType: 'application/gzip' },
    });
    try {
      const [, uploaded] = await Promise.all([written, upload]);
      return { bytes, sha256: digest.digest('hex'), etag: uploaded.etag ?? '' };
    } catch (error) {
      counted.destroy(); // an upload refused stops the reading of the table, rather than leaving it waiting
      throw error;
    }
  }

  /**
   * Reads a file, one line at a time, to `onLine`, which may wait (the reading waits with it). With `etag`, only if
   * the blob is still the one read before: a restore writes exactly what it checked.
   */
  async readFile(
    name: string,
    file: string,
    onLine: (line: string) => void | Promise<void>,
    etag?: string,
  ): Promise<StoredFile> {
    const response = await this.blob(name, file).download(0, undefined, etag ? { conditions: { ifMatch: etag } } : {});
    const digest = createHash('sha256');
    let bytes = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        digest.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const gunzip = createGunzip().setEncoding('utf8');
    const unzipped = pipeline(response.readableStreamBody!, counted, gunzip);
    unzipped.catch(() => undefined); // awaited below; moot if a line was refused and the reading stopped
    let rest = '';
    for await (const chunk of gunzip as AsyncIterable<string>) {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) if (line) await onLine(line);
    }
    if (rest) await onLine(rest);
    await unzipped;
    return { bytes, sha256: digest.digest('hex'), etag: response.etag ?? '' };
  }

  private folder(name: string): string {
    return `${this.namespace ? `${this.namespace}/` : ''}${name}`;
  }

  private blob(name: string, file: string) {
    return this.container.getBlockBlobClient(`${this.folder(name)}/${file}`);
  }
}
