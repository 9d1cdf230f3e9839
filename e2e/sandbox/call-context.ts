import type { Account, Scenario, Service } from './scenario.js';
import type { SessionStore } from './sessions.js';
import type { WireReply } from './wire.js';

/** Everything a service handler needs to answer one AWS call. */
export interface CallContext {
  service: Service;
  op: string;
  region: string;
  accessKeyId: string;
  account: Account;
  /** awsQuery / ec2Query: the form fields (minus Action and Version). */
  form: Record<string, string>;
  /** JSON 1.1: the parsed body. */
  json: Record<string, unknown>;
  scenario: Scenario;
  /** http://127.0.0.1:<port> of this sandbox. */
  baseUrl: string;
  sessions: SessionStore;
}

export type Handler = (ctx: CallContext) => WireReply | Promise<WireReply>;

/** Values of a query-protocol list, e.g. prefix "InstanceId" → InstanceId.1, InstanceId.2, … */
export function formList(form: Record<string, string>, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; i <= 1000; i++) {
    const v = form[`${prefix}.${i}`];
    if (v === undefined) break;
    out.push(v);
  }
  return out;
}

export function formInt(form: Record<string, string>, key: string): number | undefined {
  const v = form[key];
  return v === undefined ? undefined : Number(v);
}

/** Query-protocol filters: `<prefix>.N.Name` with values at `<prefix>.N.<valuesPrefix>.M`. */
export function formFilters(form: Record<string, string>, prefix: string, valuesPrefix: string): { name: string; values: string[] }[] {
  const out: { name: string; values: string[] }[] = [];
  for (let i = 1; i <= 100; i++) {
    const name = form[`${prefix}.${i}.Name`];
    if (name === undefined) break;
    out.push({ name, values: formList(form, `${prefix}.${i}.${valuesPrefix}`) });
  }
  return out;
}
