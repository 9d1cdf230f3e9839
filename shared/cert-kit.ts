// The certificate kit for Client VPN administrators (GET/POST /api/cert-kit…). Part of shared/paths.ts.
// Fields may be added, never renamed or dropped.

export interface AwsCliCommandText {
  argv: string[];
  /** One line for a POSIX shell. */
  text: string;
  purpose: string;
}

export interface KitCertificateInfo {
  kind: 'server' | 'client';
  name: string;
  serial: string;
  issuedAt: string;
  notAfter: string;
  certPath: string;
  keyPath: string;
  revokedAt?: string;
  reason?: string;
}

/** `GET /api/cert-kit?folder=` and every kit change: the kit as it is now, with what to run in AWS. */
export interface CertKitState {
  folder: string;
  ca: { commonName: string; serial: string; notAfter: string; certPath: string };
  certificates: KitCertificateInfo[];
  crl?: { number: number; path: string; thisUpdate: string; nextUpdate: string };
  /** `aws acm import-certificate` per server certificate (client certificates share the server's CA). */
  acmImports: { name: string; command: AwsCliCommandText }[];
  /** `aws ec2 import-client-vpn-client-certificate-revocation-list`, when there is a CRL (endpoint id as asked, else a placeholder). */
  crlUpload?: AwsCliCommandText;
}

/** `POST /api/cert-kit` */
export interface CreateKitRequest {
  folder: string;
  caName?: string;
  caDays?: number;
  crlDays?: number;
}

/** `POST /api/cert-kit/server` and `/client` */
export interface IssueCertificateRequest {
  folder: string;
  name: string;
  validDays?: number;
}

/** `POST /api/cert-kit/revoke` */
export interface RevokeCertificateRequest {
  folder: string;
  name: string;
  reason?: string;
}

/** Answers of the kit's changes: the kit, and what was just written. */
export interface CertKitChange {
  kit: CertKitState;
  issued?: KitCertificateInfo;
  crl?: { number: number; path: string; nextUpdate: string; revokedSerials: string[] };
}
