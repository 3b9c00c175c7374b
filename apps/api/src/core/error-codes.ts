/** The error code registry lives with the wire contracts (@payos/contracts), shared with the SDK. */
export { ERROR_CODES, type ErrorCode, statusOfCode } from '@payos/contracts';
