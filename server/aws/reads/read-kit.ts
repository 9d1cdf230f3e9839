import { mapAwsError } from '../errors.js';
import type { ReadScope } from './types.js';

/**
 * Runs one AWS call and maps whatever it throws into Porthole's errors with the IAM action named, so a
 * refused call becomes an AccessDeniedError for exactly that permission.
 */
export async function awsCall<T>(scope: ReadScope, action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw mapAwsError(error, { profile: scope.profile, region: scope.region, action });
  }
}

/** Pages no Describe answer for one jump host and one database should need more than. */
const MAX_PAGES = 20;

/** Every page of a NextToken/Marker call, bounded so a looping token cannot spin forever. */
export async function allPages<T>(fetch: (token: string | undefined) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetch(token);
    items.push(...result.items);
    if (!result.next || result.next === token) return items;
    token = result.next;
  }
  return items;
}

/** Present values only: the SDK marks every field optional. */
export function defined<T>(values: readonly (T | undefined | null)[] | undefined): T[] {
  return (values ?? []).filter((value): value is T => value !== undefined && value !== null);
}

/** Copies only the defined fields, so results compare and print cleanly. */
export function withoutUndefined<T extends object>(value: T): T {
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (field !== undefined) copy[key] = field;
  return copy as T;
}
