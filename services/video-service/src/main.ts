import { runStandalone } from '@smh/shared';
import { createVideoService } from './index.js';

await runStandalone('video-service', createVideoService);
