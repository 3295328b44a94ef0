/** A stored link: what it offers (`kind`, e.g. `results` or `ngo`), which one (`subject`: a wave id, a quarter), and until when. */
export interface DownloadLink {
  readonly kind: string;
  readonly subject: string;
  readonly expiresAt: string;
}

/** What a link gives: a CSV file, made when it is downloaded (no file sits in storage). */
export interface DownloadFile {
  readonly name: string;
  readonly csv: string;
}

/** What a download request gets: the file, or why not (and then nothing is served). */
export type DownloadOutcome =
  ({ kind: 'file' } & DownloadFile) | { kind: 'not-found' | 'expired' | 'used' | 'not-allowed' };

/** What one feature offers for download: its kinds of link, who may still have them, and the file behind one. */
export interface DownloadOffering {
  readonly kinds: readonly string[];
  /** The audit action, e.g. `export.download`. */
  readonly action: string;
  /** Whether the person who asked for the link still holds the role it needs: checked again at download. */
  mayDownload(owner: string): Promise<boolean>;
  /** The file, or undefined if what the link named is gone. */
  file(link: DownloadLink): Promise<DownloadFile | undefined>;
  /** What the audit names as downloaded (a wave id, a quarter). */
  target(link: DownloadLink): string;
}

/** Links stay valid this long: long enough to tap, short enough that one forwarded, or seen in a log, is soon dead. */
export const LINK_MINUTES = 15;
