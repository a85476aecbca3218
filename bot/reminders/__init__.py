"""What is owed when, and its delivery."""
