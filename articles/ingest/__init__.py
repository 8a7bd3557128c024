"""Turning raw wire text into stories: pure functions, tested without a database."""
