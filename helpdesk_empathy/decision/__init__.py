"""Decision (pure): policy, rules, trajectory, the internal note and reply drafts."""
