-- A group-committed batch of internal transfers opens its recipients' missing balance rows before it
-- locks any balance, as ledger_post_many does (open, then lock in (account, currency) order). It used to
-- lock the existing rows first and leave the opening to ledger_post_many: a single post that had opened
-- the same recipient's row and then waited for the batch's sender could deadlock with it.
--
-- A row the batch opened for a recipient that no accepted command credits (the command was refused, or
-- held for review or approval) is discarded before COMMIT, so a refused command still writes nothing.
-- The application role cannot delete balances; this function deletes only rows of the caller's tenant
-- environment that nothing has ever moved: every part zero and no ledger entry.
CREATE FUNCTION balances_discard_unused(p_accounts uuid[], p_currencies text[]) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    DELETE FROM balances b
     USING unnest(p_accounts, p_currencies) AS k (account_id, currency)
     WHERE b.tenant_id = app_tenant_id() AND b.environment = app_environment()
       AND b.account_id = k.account_id AND b.currency = k.currency
       AND b.available = 0 AND b.pending = 0 AND b.in_streams = 0
       AND NOT EXISTS (SELECT 1 FROM ledger_entries e
                        WHERE e.tenant_id = b.tenant_id AND e.account_id = b.account_id AND e.currency = b.currency)
  $$;
REVOKE ALL ON FUNCTION balances_discard_unused(uuid[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION balances_discard_unused(uuid[], text[]) TO payos_app;
