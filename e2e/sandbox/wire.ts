// Response and error bodies in each AWS wire protocol's real shape, so the SDK v3 clients parse them and
// raise the right named exceptions. Shapes from the Smithy protocol specs (awsQuery, ec2Query, awsJson1_1).
import { randomUUID } from 'node:crypto';
import type { Service } from './scenario.js';

export const NAMESPACES: Record<'sts' | 'rds' | 'ec2' | 'iam', string> = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  rds: 'http://rds.amazonaws.com/doc/2014-10-31/',
  ec2: 'http://ec2.amazonaws.com/doc/2016-11-15/',
};

/** An AWS error a handler or fault raises; rendered per protocol. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface WireReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function esc(value: string | number | boolean): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `<name>value</name>`, or nothing when the value is absent. */
export function el(name: string, value: string | number | boolean | undefined | null): string {
  return value === undefined || value === null ? '' : `<${name}>${esc(value)}</${name}>`;
}

/** `<name>…raw children…</name>` (children already XML). */
export function node(name: string, children: string): string {
  return `<${name}>${children}</${name}>`;
}

export function list<T>(name: string, itemName: string, items: readonly T[] | undefined, render: (t: T) => string): string {
  if (!items) return '';
  return node(name, items.map((i) => node(itemName, render(i))).join(''));
}

export function queryReply(service: 'sts' | 'rds' | 'iam', action: string, resultXml: string): WireReply {
  const requestId = randomUUID();
  const body =
    `<${action}Response xmlns="${NAMESPACES[service]}">` +
    `<${action}Result>${resultXml}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${action}Response>`;
  return { status: 200, headers: xmlHeaders(requestId), body };
}

export function ec2Reply(action: string, bodyXml: string): WireReply {
  const requestId = randomUUID();
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${NAMESPACES.ec2}">` +
    `<requestId>${requestId}</requestId>${bodyXml}</${action}Response>`;
  return { status: 200, headers: xmlHeaders(requestId), body };
}

export function jsonReply(value: unknown): WireReply {
  const requestId = randomUUID();
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
    body: JSON.stringify(value),
  };
}

/** Errors of the SigV4-signed services (IAM Identity Center's restJson errors are in sso-dispatch.ts). */
export function errorReply(service: Exclude<Service, 'sso' | 'sso-oidc'>, err: AwsError): WireReply {
  const requestId = randomUUID();
  if (service === 'ssm') {
    return {
      status: err.status,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': err.code,
      },
      body: JSON.stringify({ __type: err.code, message: err.message }),
    };
  }
  if (service === 'ec2') {
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>` +
      `${el('Code', err.code)}${el('Message', err.message)}</Error></Errors>` +
      `${el('RequestID', requestId)}</Response>`;
    return { status: err.status, headers: xmlHeaders(requestId), body };
  }
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${NAMESPACES[service]}"><Error><Type>${type}</Type>` +
    `${el('Code', err.code)}${el('Message', err.message)}</Error>` +
    `${el('RequestId', requestId)}</ErrorResponse>`;
  return { status: err.status, headers: xmlHeaders(requestId), body };
}

function xmlHeaders(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId };
}

/** Opaque page tokens (Marker / NextToken) that carry an offset and the call they belong to. */
export function encodeToken(op: string, offset: number): string {
  return Buffer.from(`${op}:${offset}`).toString('base64url');
}

export function decodeToken(op: string, token: string | undefined): number {
  if (!token) return 0;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const [tokenOp, offset] = text.split(':');
  const n = Number(offset);
  if (tokenOp !== op || !Number.isInteger(n) || n < 0) {
    throw new AwsError('InvalidParameterValue', `Invalid pagination token for ${op}`);
  }
  return n;
}

/** One page of items: the smaller of the request's and the scenario's page size. */
export function paginate<T>(
  op: string,
  items: readonly T[],
  token: string | undefined,
  requested: number | undefined,
  scenarioPageSize: number | undefined,
  serviceMax: number,
): { page: T[]; next?: string } {
  const size = Math.max(1, Math.min(requested ?? serviceMax, scenarioPageSize ?? serviceMax, serviceMax));
  const start = decodeToken(op, token);
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return end < items.length ? { page, next: encodeToken(op, end) } : { page };
}
