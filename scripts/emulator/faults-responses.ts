/**
 * What an injected fault looks like on the wire. Service errors are HTTP responses in each service's own
 * protocol (awsQuery XML for IAM, STS and SNS; JSON for Secrets Manager, KMS and DynamoDB), handed to the
 * SDK's real deserializer, so the error object, its name, `$fault`, `$metadata.httpStatusCode` and the
 * retry classification are exactly what the same answer from AWS would produce. Network faults are the
 * errors Node's HTTP stack raises (`read ECONNRESET`).
 */
import { HttpResponse } from '@smithy/core/protocols';

export type ServiceName =
  'iam' | 'secretsmanager' | 'sns' | 'sts' | 'dynamodb' | 'kms' | 'cloudtrail';

export type ServiceErrorKind = 'throttling' | 'server-error' | 'access-denied';

interface ErrorShape {
  readonly code: string;
  readonly status: number;
}

type Protocol = 'query' | 'json1.0' | 'json1.1';

const PROTOCOL: Readonly<Record<ServiceName, Protocol>> = {
  iam: 'query',
  sts: 'query',
  sns: 'query',
  secretsmanager: 'json1.1',
  kms: 'json1.1',
  dynamodb: 'json1.0',
  cloudtrail: 'json1.1',
};

/** The codes and statuses each service documents for these conditions. */
const THROTTLING: Readonly<Record<ServiceName, ErrorShape>> = {
  iam: { code: 'Throttling', status: 400 },
  sts: { code: 'Throttling', status: 400 },
  sns: { code: 'Throttled', status: 429 }, // SNS ThrottledException
  secretsmanager: { code: 'ThrottlingException', status: 400 },
  kms: { code: 'ThrottlingException', status: 400 },
  dynamodb: { code: 'ThrottlingException', status: 400 },
  cloudtrail: { code: 'ThrottlingException', status: 400 },
};

const ACCESS_DENIED: Readonly<Record<ServiceName, ErrorShape>> = {
  iam: { code: 'AccessDenied', status: 403 },
  sts: { code: 'AccessDenied', status: 403 },
  sns: { code: 'AuthorizationError', status: 403 },
  secretsmanager: { code: 'AccessDeniedException', status: 400 },
  kms: { code: 'AccessDeniedException', status: 400 },
  dynamodb: { code: 'AccessDeniedException', status: 400 },
  cloudtrail: { code: 'AccessDeniedException', status: 400 },
};

export function serviceErrorShape(
  service: ServiceName,
  kind: ServiceErrorKind,
  status5xx: 500 | 503 = 503,
): ErrorShape {
  if (kind === 'throttling') return THROTTLING[service];
  if (kind === 'access-denied') return ACCESS_DENIED[service];
  return status5xx === 500
    ? { code: 'InternalFailure', status: 500 }
    : { code: 'ServiceUnavailable', status: 503 };
}

export function serviceErrorResponse(service: ServiceName, shape: ErrorShape): HttpResponse {
  const message = `${shape.code} (injected by the test harness fault schedule)`;
  const requestId = `fault-${shape.code.toLowerCase()}`;
  const protocol = PROTOCOL[service];
  if (protocol === 'query') {
    const type = shape.status >= 500 ? 'Receiver' : 'Sender';
    const xml =
      `<ErrorResponse><Error><Type>${type}</Type><Code>${shape.code}</Code>` +
      `<Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return new HttpResponse({
      statusCode: shape.status,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body: Buffer.from(xml),
    });
  }
  return new HttpResponse({
    statusCode: shape.status,
    headers: {
      'content-type': `application/x-amz-${protocol === 'json1.0' ? 'json-1.0' : 'json-1.1'}`,
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': shape.code,
    },
    body: Buffer.from(JSON.stringify({ __type: shape.code, message })),
  });
}

/** The error Node's HTTP client raises when the peer resets the connection: transient to the SDK. */
export function connectionReset(detail: string): Error {
  return Object.assign(new Error(`read ECONNRESET (injected by the test harness: ${detail})`), {
    code: 'ECONNRESET',
    errno: -104,
    syscall: 'read',
  });
}
