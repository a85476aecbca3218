"""The clock, replies, access, parsing, the command table and the service base."""
