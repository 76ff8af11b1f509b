import { runStandalone } from '@smh/shared';
import { createDownloadService } from './index.js';

await runStandalone('download-service', createDownloadService);
