import { runStandalone } from '@smh/shared';
import { createAccountService } from './index.js';

await runStandalone('account-service', createAccountService);
