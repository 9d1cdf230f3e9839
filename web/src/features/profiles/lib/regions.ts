/** Regions offered in the picker; any other region name can be typed. */
export const COMMON_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'sa-east-1',
  'me-central-1',
  'af-south-1',
];

/** Lower-case and trim what was typed; undefined when it cannot be a region name. */
export function normalizeRegion(input: string): string | undefined {
  const r = input.trim().toLowerCase();
  return /^[a-z]{2,}(-[a-z0-9]+)+$/.test(r) ? r : undefined;
}

/** The profile's picked regions, else its default region. */
export function regionsOf(p: { regions: string[]; region?: string }): string[] {
  if (p.regions.length > 0) return p.regions;
  return p.region ? [p.region] : [];
}
