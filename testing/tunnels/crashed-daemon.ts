// A child process that plays a daemon about to be killed with SIGKILL: it opens the tunnels it is told to,
// prints "READY <json>" and waits forever. Run with tsx; argv: <configDir> <sandboxUrl> <awsDir> <count>.
import { awsEnv, makeManager, ORDERS } from './sandbox-world.js';

const [configDir, sandboxUrl, awsDir, countText] = process.argv.slice(2);
if (!configDir || !sandboxUrl || !awsDir) throw new Error('usage: crashed-daemon <configDir> <sandboxUrl> <awsDir> <count>');
const { manager } = await makeManager({ env: awsEnv(awsDir, sandboxUrl), configDir });
const tunnels = [];
for (let index = 0; index < Number(countText ?? 1); index++) {
  tunnels.push(await manager.create({ ...ORDERS, lazy: false }));
}
const deadline = Date.now() + 15_000;
while (manager.list().some((tunnel) => tunnel.state !== 'open') && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
process.stdout.write(
  `READY ${JSON.stringify(manager.list().map((tunnel) => ({ id: tunnel.id, state: tunnel.state, port: tunnel.localPort })))}\n`,
);
setInterval(() => undefined, 60_000);
