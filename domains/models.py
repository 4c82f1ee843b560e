"""Custom domains arrive with the domains issue."""
