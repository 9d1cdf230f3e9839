// The command text is run by a real shell and the real AWS CLI (v1, Debian's), pointed with
// --endpoint-url at a recorder on 127.0.0.1: the CLI must accept every argument, read the kit's files
// through fileb:// and file://, and send their content.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acmImportCommand, importCrlCommand, shellQuote } from './aws-commands.js';
import { CertKit, type IssuedFiles } from './cert-kit.js';

interface Recorded {
  target: string | undefined;
  body: string;
}

let root: string;
let kit: CertKit;
let vpn: IssuedFiles;
let recorder: Server;
let endpoint: string;
const requests: Recorded[] = [];

function reply(request: IncomingMessage, body: string): { type: string; text: string } {
  if (request.headers['x-amz-target'] === 'CertificateManager.ImportCertificate') {
    return { type: 'application/x-amz-json-1.1', text: '{"CertificateArn":"arn:aws:acm:eu-west-1:111122223333:certificate/0000"}' };
  }
  if (body.includes('Action=ImportClientVpnClientCertificateRevocationList')) {
    return {
      type: 'text/xml',
      text: '<ImportClientVpnClientCertificateRevocationListResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId><return>true</return></ImportClientVpnClientCertificateRevocationListResponse>',
    };
  }
  return { type: 'text/plain', text: 'unexpected' };
}

/** Runs the command text in /bin/sh, as a user pasting it would, against the recorder. */
function runInShell(text: string): Promise<{ code: number; output: string }> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: root,
    AWS_ACCESS_KEY_ID: 'AKIAPORTHOLETEST',
    AWS_SECRET_ACCESS_KEY: 'porthole-test-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(root, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(root, 'no-credentials'),
  };
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', `${text} --endpoint-url ${endpoint}`], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? 1 : 0, output: `${stdout}${stderr}` });
    });
  });
}

beforeAll(async () => {
  // A folder name a shell would split and choke on, unless quoted.
  root = await mkdtemp(join(tmpdir(), "porthole kit's "));
  kit = await CertKit.create(join(root, 'my kit'));
  vpn = await kit.issueServer('vpn.porthole.test');
  await kit.issueClient('alice');
  await kit.revokeClient('alice');
  recorder = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      requests.push({ target: typeof target === 'string' ? target : undefined, body });
      const { type, text } = reply(request, body);
      response.writeHead(200, { 'content-type': type });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  const address = recorder.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => recorder.close(() => resolve()));
  await rm(root, { recursive: true, force: true });
});

describe('AWS CLI command text', () => {
  it('imports the server certificate, its key and the CA into ACM', async () => {
    const command = acmImportCommand(vpn, { region: 'eu-west-1' });
    expect(command.argv.slice(0, 3)).toEqual(['aws', 'acm', 'import-certificate']);
    const run = await runInShell(command.text);
    expect(run.output).toContain('arn:aws:acm:eu-west-1:111122223333:certificate/0000');
    expect(run.code).toBe(0);
    const sent = requests.find((request) => request.target === 'CertificateManager.ImportCertificate');
    const body = JSON.parse(sent?.body ?? '{}') as Record<string, string>;
    const decoded = (field: string): string => Buffer.from(body[field] ?? '', 'base64').toString('utf8');
    expect(decoded('Certificate')).toBe(await readFile(vpn.certPath, 'utf8'));
    expect(decoded('PrivateKey')).toBe(await readFile(vpn.keyPath, 'utf8'));
    expect(decoded('CertificateChain')).toBe(await readFile(vpn.caPath, 'utf8'));
  }, 60_000);

  it('uploads the CRL to a Client VPN endpoint', async () => {
    const command = importCrlCommand('cvpn-endpoint-0102bc4c2eEXAMPLE', kit.crlPath, { region: 'eu-west-1' });
    const run = await runInShell(command.text);
    expect(run.code, run.output).toBe(0);
    const sent = requests.find((request) => request.body.includes('Action=ImportClientVpnClientCertificateRevocationList'));
    const form = new URLSearchParams(sent?.body ?? '');
    expect(form.get('ClientVpnEndpointId')).toBe('cvpn-endpoint-0102bc4c2eEXAMPLE');
    expect(form.get('CertificateRevocationList')).toBe(await readFile(kit.crlPath, 'utf8'));
  }, 60_000);

  it('quotes for a POSIX shell and refuses ids, regions, profiles and paths that are not what they claim', () => {
    expect(shellQuote('plain-word_1.pem')).toBe('plain-word_1.pem');
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    expect(acmImportCommand(vpn, { profile: 'dev.admin' }).argv.slice(-2)).toEqual(['--profile', 'dev.admin']);
    const invalid = [
      () => importCrlCommand('cvpn-endpoint-x; rm -rf ~', kit.crlPath),
      () => importCrlCommand('vpc-123', kit.crlPath),
      () => importCrlCommand('cvpn-endpoint-0a', 'relative/crl.pem'),
      () => acmImportCommand(vpn, { region: 'eu-west-1 --debug' }),
      () => acmImportCommand(vpn, { profile: 'a b' }),
    ];
    for (const build of invalid) expect(build).toThrow(expect.objectContaining({ code: 'KIT_OPTION_INVALID' }));
  });
});
