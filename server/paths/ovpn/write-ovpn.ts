// Writes a merged .ovpn: it carries a private key, so mode 0600, and never over an existing file
// unless the caller asked for a backup of it.
import { extname } from 'node:path';
import { writeNewPrivateFile, type OnExisting } from '../private-file.js';
import { OvpnError } from './ovpn-error.js';

/** Writes the configuration to `path` (which must end in .ovpn); returns the backup's path if one was made. */
export async function writeOvpnFile(path: string, text: string, onExisting: OnExisting = 'refuse'): Promise<string | undefined> {
  if (extname(path).toLowerCase() !== '.ovpn') {
    throw new OvpnError('OVPN_PATH_INVALID', 'A Client VPN configuration file name ends in .ovpn.');
  }
  return writeNewPrivateFile(path, text, onExisting);
}
