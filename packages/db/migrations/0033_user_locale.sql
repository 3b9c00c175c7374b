-- The dashboard's language per user (issue #20 §6): English, Latin-American Spanish or Brazilian
-- Portuguese. NULL means "follow the browser's language", which is also where every existing user starts.
ALTER TABLE users ADD COLUMN locale text CHECK (locale IN ('en', 'es-419', 'pt-BR'));
