// Reads the OS's answer to "which route carries this address?" (platform.routeLookupOutput): the
// interface, the gateway and the source address. A tun/utun/wg/ppp/ipsec interface is a VPN's.
import { routeLookupOutput } from '../../platform.js';

export interface RouteInfo {
  interface?: string;
  gateway?: string;
  source?: string;
  /** The interface's name says it belongs to a VPN. */
  vpnInterface: boolean;
}

const VPN_INTERFACE = /^(tun|tap|utun|wg|ppp|ipsec|gpd|nordlynx|tailscale|zt)/i;

function withVpnFlag(route: Omit<RouteInfo, 'vpnInterface'>): RouteInfo | undefined {
  if (!route.interface && !route.gateway) return undefined;
  return { ...route, vpnInterface: route.interface !== undefined && VPN_INTERFACE.test(route.interface) };
}

/** `ip route get 10.0.8.14` → `10.0.8.14 via 10.20.0.1 dev tun0 src 10.20.0.5 uid 1000`. */
export function parseIpRouteGet(text: string): RouteInfo | undefined {
  const words = (text.split('\n')[0] ?? '').trim().split(/\s+/);
  const after = (key: string): string | undefined => {
    const index = words.indexOf(key);
    return index >= 0 ? words[index + 1] : undefined;
  };
  const route: Omit<RouteInfo, 'vpnInterface'> = {};
  const [dev, via, src] = [after('dev'), after('via'), after('src')];
  if (dev) route.interface = dev;
  if (via) route.gateway = via;
  if (src) route.source = src;
  return withVpnFlag(route);
}

/** macOS `route -n get 10.0.8.14`: `key: value` lines (`gateway:`, `interface:`). */
export function parseBsdRouteGet(text: string): RouteInfo | undefined {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\s*([a-z ]+):\s*(\S+)\s*$/.exec(line);
    if (match?.[1] && match[2]) fields.set(match[1].trim(), match[2]);
  }
  const route: Omit<RouteInfo, 'vpnInterface'> = {};
  const [iface, gateway] = [fields.get('interface'), fields.get('gateway')];
  if (iface) route.interface = iface;
  if (gateway) route.gateway = gateway;
  return withVpnFlag(route);
}

export function parseRouteOutput(output: { format: 'iproute2' | 'bsd'; text: string }): RouteInfo | undefined {
  return output.format === 'iproute2' ? parseIpRouteGet(output.text) : parseBsdRouteGet(output.text);
}

/** The route the OS would use to reach `address`, or undefined where it does not say. */
export async function osRouteTo(address: string): Promise<RouteInfo | undefined> {
  const output = await routeLookupOutput(address);
  return output ? parseRouteOutput(output) : undefined;
}
