/* The ledger wire schemas (issue #15: moved here from apps/api). */
export {};
