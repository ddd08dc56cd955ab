import type { AnyRoute } from '../../http/route';
import type { Services } from '../../services';
import { contractRoutes } from './routes/contract';
import { chatRoutes } from './routes/chat';
import { readingRoutes } from './routes/readings';
import { workbenchRoutes } from './routes/workbench';
import { followupRoutes } from './routes/followups';
import { teamWorkRoutes } from './routes/team-work';
import { selfReportRoutes } from './routes/self-report';

/** Family doctor: contract, chat, readings and devices (resident side) and the doctor's workbench. */
export function doctorRoutes(s: Services): AnyRoute[] {
  return [...contractRoutes(s), ...chatRoutes(s), ...readingRoutes(s), ...workbenchRoutes(s), ...followupRoutes(s), ...selfReportRoutes(s), ...teamWorkRoutes(s)];
}
