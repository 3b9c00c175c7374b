/** The shapes of the credentials PayOS issues; the stored prefix identifies one without its secret. */
export const API_KEY_PATTERN = /^pk_(test|live)_[A-Za-z0-9_-]{8,200}$/;
export const API_KEY_PREFIX_LENGTH = 20;
export const AGENT_TOKEN_PATTERN = /^agent_[A-Za-z0-9_-]{20,200}$/;
export const AGENT_TOKEN_PREFIX_LENGTH = 20;
