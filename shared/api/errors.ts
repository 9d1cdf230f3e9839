// The error body every failing API call answers.

/** Every error the API returns: `{ error: ApiError }` with a stable SCREAMING_SNAKE code. */
export interface ApiError {
  code: string;
  message: string;
  hint?: string;
  /** For a 400: the request field at fault, e.g. "jumpHostId" or "target.port". */
  field?: string;
}
export interface ApiErrorBody {
  error: ApiError;
}

/** A read that failed: `missingPermission` names the IAM action when AWS refused it. */
export interface PathReadError {
  /** The IAM action of the call, e.g. "ec2:DescribeClientVpnRoutes". */
  call: string;
  error: ApiError;
  missingPermission?: string;
}
