"""Sessions, rhythms and the calendar."""
