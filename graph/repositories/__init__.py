"""Functions that take a transaction and return domain models; they never open sessions."""
