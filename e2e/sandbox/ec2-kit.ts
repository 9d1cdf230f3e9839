// Helpers the EC2 handlers share: Filter.N.Name/Value.M filtering, one page of a NextToken list, and stable
// made-up ids (sgr-…, eni-…) derived from what they belong to, so every call answers the same.
import { createHash } from 'node:crypto';
import { formFilters, formInt, type CallContext } from './call-context.js';
import { AwsError, paginate } from './wire.js';

/** A filter's value(s) for one item; a filter name missing from the map is refused, as EC2 does. */
export type FilterFields<T> = Record<string, (item: T) => string | string[] | undefined>;

export function applyEc2Filters<T>(ctx: CallContext, items: readonly T[], fields: FilterFields<T>): T[] {
  let out = [...items];
  for (const filter of formFilters(ctx.form, 'Filter', 'Value')) {
    const get = fields[filter.name];
    if (!get) throw new AwsError('InvalidParameterValue', `The filter '${filter.name}' is invalid`);
    out = out.filter((item) => {
      const value = get(item);
      const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
      return values.some((one) => filter.values.includes(one));
    });
  }
  return out;
}

/** One page of `items` by NextToken/MaxResults (range checked as EC2 does). */
export function ec2Page<T>(ctx: CallContext, op: string, items: readonly T[], min = 5, max = 1000): { page: T[]; next?: string } {
  const maxResults = formInt(ctx.form, 'MaxResults');
  if (maxResults !== undefined && (maxResults < min || maxResults > max)) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value (${maxResults}) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`,
    );
  }
  return paginate(op, items, ctx.form.NextToken, maxResults, ctx.scenario.pageSize, max);
}

/** `<prefix>-` and 17 hex digits from a hash of `seed`. */
export function stableId(prefix: string, seed: string): string {
  return `${prefix}-${createHash('sha256').update(seed).digest('hex').slice(0, 17)}`;
}
