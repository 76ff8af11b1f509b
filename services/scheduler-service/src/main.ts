import { runStandalone } from '@smh/shared/runtime';
import { createSchedulerService } from './index.js';

await runStandalone('scheduler-service', createSchedulerService);
