import type { Scenario } from '../lib/scenario';
import { metricsIngest, metricsSeries, rollupTasks } from './analytics.scenarios';
import { agentRunCreate, agentRunGet } from './agents.scenarios';
import branchUpsert from './branch-upsert.scenario';
import httpFloor from './http-floor.scenario';
import login from './login.scenario';
import meApiKey from './me-api-key.scenario';
import meJwt from './me-jwt.scenario';
import membersList from './members-list.scenario';
import projectsList from './projects-list.scenario';
import repositoriesList from './repositories-list.scenario';
import { pipelinesClaim, pipelinesExecutionsList } from './pipelines.scenarios';
import webhookAccept from './webhook-accept.scenario';
import {
  tasksClaim,
  tasksCreate,
  tasksDescendants,
  tasksDescendantsLean,
  tasksDescendantsPage,
  tasksGet,
  tasksList,
  tasksReady,
  tasksSearch,
  tasksUpdate,
} from './tasks.scenarios';

/**
 * Every scenario `npm run bench` knows, in the order it runs them. Add a module to this list to
 * add a scenario (see bench/README.md); `--only=name,name` picks some.
 */
export const SCENARIOS: Scenario[] = [
  httpFloor,
  meJwt,
  membersList,
  meApiKey,
  login,
  projectsList,
  repositoriesList,
  branchUpsert,
  tasksList,
  tasksSearch,
  tasksGet,
  tasksDescendants,
  tasksDescendantsLean,
  tasksDescendantsPage,
  tasksReady,
  tasksClaim,
  tasksCreate,
  tasksUpdate,
  metricsIngest,
  metricsSeries,
  rollupTasks,
  pipelinesClaim,
  pipelinesExecutionsList,
  agentRunGet,
  agentRunCreate,
  webhookAccept,
];
