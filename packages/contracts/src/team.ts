/* Hand-written wire types, to be replaced by zod schemas and their inferred types (issue #15). */
import type { Role } from './common.js';

export type Member = { id: string; email: string; name: string; role: Role; createdAt: string };
