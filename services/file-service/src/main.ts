import { runStandalone } from '@smh/shared';
import { createFileService } from './index.js';

await runStandalone('file-service', createFileService);
