import { isAccessDenied } from '../aws/errors.js';
import { isPortholeError } from '../errors.js';

/** Why one AWS read gave nothing: the checks that needed it say `unknown`, naming `permission` when AWS refused. */
export interface ReadFailure {
  /** The IAM action of the call, e.g. "ec2:DescribeNetworkAcls". */
  action: string;
  code: string;
  message: string;
  /** Set when AWS refused the call: the permission the caller lacks. */
  permission?: string;
}

export type Read<T> = { ok: true; value: T } | { ok: false; failure: ReadFailure };

export function ok<T>(value: T): Read<T> {
  return { ok: true, value };
}

export function failed<T>(failure: ReadFailure): Read<T> {
  return { ok: false, failure };
}

/** The outcome of one read, never a throw: one refused call must not sink the whole diagnosis. */
export async function settle<T>(action: string, run: () => Promise<T>): Promise<Read<T>> {
  try {
    return ok(await run());
  } catch (error) {
    return failed(toFailure(action, error));
  }
}

export function toFailure(action: string, error: unknown): ReadFailure {
  if (isAccessDenied(error)) return { action, code: error.code, message: error.message, permission: error.permission };
  if (isPortholeError(error)) return { action, code: error.code, message: error.message };
  return { action, code: 'READ_FAILED', message: error instanceof Error ? error.message : String(error) };
}

/** Chains a read on another: a failed prerequisite is this read's failure too. */
export async function after<A, T>(first: Read<A>, action: string, run: (value: A) => Promise<T>): Promise<Read<T>> {
  return first.ok ? settle(action, () => run(first.value)) : failed(first.failure);
}
