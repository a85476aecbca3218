"""Notes, drafts, approval and exports of the objectivised summary."""
