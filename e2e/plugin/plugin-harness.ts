// Test helpers: spawn the stand-in plugin as a real child process and watch its output with bounded waits.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { StartSessionCommand } from '@aws-sdk/client-ssm';
import { account, jumpHost } from '../sandbox/scenario-builder.js';
import type { SessionBehaviourRule } from '../sandbox/scenario.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import type { SessionRecord } from '../sandbox/sessions.js';
import { sandboxClients } from '../sandbox/test-clients.js';

export const STANDIN_PLUGIN_PATH = fileURLToPath(new URL('./session-manager-plugin', import.meta.url));
export const PORT_LINE = /Port (\d+) opened for sessionId (\S+)\./;
/** The Online jump host of `startStandinRig`'s one account (AKIDTEST, us-east-1). */
export const RIG_HOST = jumpHost(1);

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class PluginProcess {
  stdout = '';
  stderr = '';
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  private readonly listeners = new Set<() => void>();

  constructor(args: string[], env: Record<string, string | undefined> = {}) {
    this.child = spawn(STANDIN_PLUGIN_PATH, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      this.stdout += c;
      for (const l of this.listeners) l();
    });
    this.child.stderr!.setEncoding('utf8').on('data', (c: string) => {
      this.stderr += c;
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves with the match once stdout matches, rejects after `ms` or if the process exits first. */
  waitFor(re: RegExp, ms = 5000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const m = this.stdout.match(re);
        if (m) {
          done();
          resolve(m);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${re}; stdout so far: ${JSON.stringify(this.stdout)}`));
      }, ms);
      const onExit = (): void => {
        setImmediate(() => {
          check();
          done();
          reject(new Error(`plugin exited before ${re}; stdout: ${JSON.stringify(this.stdout)} stderr: ${this.stderr}`));
        });
      };
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        this.child.off('exit', onExit);
      };
      this.listeners.add(check);
      this.child.once('exit', onExit);
      check();
    });
  }

  async port(ms = 5000): Promise<number> {
    return Number((await this.waitFor(PORT_LINE, ms))[1]);
  }

  /** Waits for exit (bounded); SIGKILLs and throws if it does not come. */
  async exit(ms = 5000): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
    });
    const r = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (r === 'timeout') {
      this.kill();
      throw new Error(`plugin did not exit within ${ms} ms; stdout: ${JSON.stringify(this.stdout)}`);
    }
    return r;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** Sends `text` on a fresh connection to 127.0.0.1:port; resolves with what came back ("" if closed). */
export function echoOnce(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(text));
    let got = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      got += d;
      if (got.length >= text.length) {
        s.destroy();
        resolve(got);
      }
    });
    s.on('error', reject);
    s.on('close', () => resolve(got));
  });
}

/** A TCP echo server on 127.0.0.1 (random port). */
export async function startEchoServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    s.pipe(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The six arguments, built the way the AWS CLI (and Porthole) build them. */
export function pluginArgs(o: {
  response: { SessionId: string; TokenValue: string; StreamUrl: string } | string;
  region?: string;
  profile?: string;
  request: { Target: string; DocumentName?: string; Parameters?: Record<string, string[]> };
  endpoint: string;
}): string[] {
  const response = typeof o.response === 'string' ? o.response : JSON.stringify(o.response);
  return [response, o.region ?? 'us-east-1', 'StartSession', o.profile ?? '', JSON.stringify(o.request), o.endpoint];
}

export interface PluginSessionOptions {
  /** The jump host (an Online managed instance in the scenario). */
  target: string;
  host: string;
  port: string | number;
  localPort?: string | number;
  /** Pass the response through AWS_SSM_START_SESSION_RESPONSE (default: JSON in argv 1). */
  viaEnv?: boolean;
  /** argv 4 (default 'dev'). */
  profile?: string;
  region?: string;
  accessKeyId?: string;
  env?: Record<string, string>;
}

/** StartSession through the real SDK against the sandbox, then the stand-in plugin with the six arguments. */
export async function startPluginSession(sb: Sandbox, o: PluginSessionOptions) {
  const region = o.region ?? 'us-east-1';
  const { ssm } = sandboxClients(sb.url, { region, ...(o.accessKeyId ? { accessKeyId: o.accessKeyId } : {}) });
  const request = {
    Target: o.target,
    DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost',
    Parameters: { host: [o.host], portNumber: [String(o.port)], localPortNumber: [String(o.localPort ?? 0)] },
  };
  const res = await ssm.send(new StartSessionCommand(request));
  ssm.destroy();
  const response = { SessionId: res.SessionId!, TokenValue: res.TokenValue!, StreamUrl: res.StreamUrl! };
  const args = pluginArgs({
    response: o.viaEnv ? 'AWS_SSM_START_SESSION_RESPONSE' : response,
    region,
    profile: o.profile ?? 'dev',
    request,
    endpoint: sb.url,
  });
  const env = { ...(o.viaEnv ? { AWS_SSM_START_SESSION_RESPONSE: JSON.stringify(response) } : {}), ...o.env };
  return { p: new PluginProcess(args, env), sessionId: response.SessionId, response, request };
}

export type RigSessionOptions = Omit<PluginSessionOptions, 'target'> & { behaviours?: SessionBehaviourRule[] };

export interface StandinRig {
  sb: Sandbox;
  echo: Awaited<ReturnType<typeof startEchoServer>>;
  /** `startPluginSession` through the jump host, after setting the session behaviours; `reset()` kills it. */
  start(o: RigSessionOptions): ReturnType<typeof startPluginSession>;
  /** Has `reset()` kill a plugin the test started itself. */
  track(p: PluginProcess): void;
  session(id: string): SessionRecord;
  /** After each test: kills its plugins and clears the session behaviours. */
  reset(): void;
  close(): Promise<void>;
}

/** An echo server and a sandbox with one jump host; `endpoints` maps destinations (e.g. an RDS name) given the echo port. */
export async function startStandinRig(endpoints: (echoPort: number) => Record<string, string> = () => ({})): Promise<StandinRig> {
  const host = RIG_HOST;
  const echo = await startEchoServer();
  const sb = await startSandbox({
    accounts: { AKIDTEST: account('123456789012', 'alice') },
    data: { '123456789012': { 'us-east-1': { ec2Instances: [host.ec2], managedInstances: [host.managed] } } },
    endpoints: endpoints(echo.port),
  });
  const procs: PluginProcess[] = [];
  return {
    sb,
    echo,
    async start({ behaviours, ...o }) {
      if (behaviours) sb.patchScenario({ sessionBehaviours: behaviours });
      const started = await startPluginSession(sb, { target: host.ec2.id, ...o });
      procs.push(started.p);
      return started;
    },
    track: (p) => void procs.push(p),
    session: (id) => sb.sessions().find((s) => s.sessionId === id)!,
    reset() {
      for (const p of procs.splice(0)) p.kill();
      sb.patchScenario({ sessionBehaviours: [] });
    },
    async close() {
      await sb.close();
      await echo.close();
    },
  };
}
