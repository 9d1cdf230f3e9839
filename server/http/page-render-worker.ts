import { parentPort, workerData } from 'node:worker_threads';
import type { JumpHost, SharedHostsResponse, Target } from '../../shared/api.js';
import { shareHostSets } from '../../shared/inventory-host-sets.js';
import type { PageAnswer, PageRequest } from './page-render-protocol.js';

// The dashboard's page rendered off the main thread (started by page-renderer.ts): React's render of the first
// screen takes tens of milliseconds, during which the main thread keeps serving the page's script and relaying
// tunnels. Started with the daemon, it renders a sample page at once (`warmUp`): a fresh thread's first render
// compiles React and the dashboard and runs their loops cold, paid here (with as many databases as the demo's
// large scenario) while the main thread is still loading the daemon.

/** The built renderer: index.html and a RenderedFirstLook as JSON → the page. */
type RenderPage = (template: string, renderedJson: string) => string;

const port = parentPort;
if (!port) throw new Error('page-render-worker.ts runs as a worker thread');
const { renderer, warmUp } = workerData as { renderer: string; warmUp: boolean };
const { renderFirstLookPage } = (await import(renderer)) as { renderFirstLookPage: RenderPage };

if (warmUp) {
  try {
    renderFirstLookPage(
      '<html><head></head><body><div id="root"></div></body></html>',
      JSON.stringify({ now: Date.now(), look: sampleLook(2000) }),
    );
  } catch {
    // Only a warm-up: a page that fails to render says why when it is asked for.
  }
}

port.on('message', ({ id, template, rendered }: PageRequest) => {
  let answer: PageAnswer;
  try {
    answer = { id, page: renderFirstLookPage(template, rendered) };
  } catch (error) {
    answer = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
});

/** A made-up slice of `count` databases behind one jump host, for the first render. */
function sampleLook(count: number): SharedHostsResponse {
  const host: JumpHost = { id: 'i-0sample', profile: 'sample', region: 'us-east-1', pingStatus: 'Online', securityGroups: [], tags: {} };
  const targets: Target[] = Array.from({ length: count }, (_, index) => ({
    id: `sample:us-east-1:instance:db-${index}`,
    profile: 'sample',
    region: 'us-east-1',
    kind: 'instance',
    identifier: `db-${index}`,
    name: `db-${index}`,
    engine: index % 2 ? 'postgres' : 'mysql',
    host: `db-${index}.sample.us-east-1.rds.amazonaws.com`,
    port: index % 2 ? 5432 : 3306,
    status: 'available',
    securityGroups: [],
    iamAuth: false,
    tags: {},
    eligibleHostIds: [host.id],
    recommendedHostId: host.id,
  }));
  return {
    slices: [
      shareHostSets({ profile: 'sample', region: 'us-east-1', loading: false, targets, hosts: [host], eligibility: {}, errors: [] }),
    ],
  };
}
