-- Risk reviews (issue #19 §2): a transfer a risk rule sends to review is created in `requires_review`,
-- its amount + fees held on the sender as an approval's are; approving the review moves it on, rejecting
-- it voids the hold (`rejected`).
ALTER TABLE transfers DROP CONSTRAINT transfers_status_check;
ALTER TABLE transfers ADD CONSTRAINT transfers_status_check
  CHECK (status IN ('requires_approval', 'requires_review', 'pending', 'processing', 'completed', 'failed', 'cancelled', 'returned',
                    'denied', 'expired', 'rejected'));
