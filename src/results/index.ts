/** The results feature's face: settled results of closed waves, their exports and the leadership digest. */
export { ResultsService } from './results.service';
export { ExportService } from './export.service';
export { DigestService } from './digest.service';
export { registerResultsRoutes } from './results.routes';
