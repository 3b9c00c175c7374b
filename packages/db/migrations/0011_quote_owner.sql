-- Who asked for a quote: an agent may see and use only its own quotes.
ALTER TABLE quotes ADD COLUMN created_by_id uuid;
