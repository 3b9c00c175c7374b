-- Payout controls (issue #19 §3). Travel rule: a payout at or above the tenant's threshold carries who
-- sends and who receives, stored with it ({originator: {name, address, accountNumber}, beneficiary:
-- {name, address}}; the API shows the account number masked). Cooling-off: a payment method an owner or
-- admin allowlisted is exempt from the new-beneficiary cap (apps/api/src/modules/transfers/controls.ts).
ALTER TABLE transfers ADD COLUMN travel_rule jsonb CHECK (travel_rule IS NULL OR jsonb_typeof(travel_rule) = 'object');
ALTER TABLE payment_methods ADD COLUMN allowlisted boolean NOT NULL DEFAULT false;
