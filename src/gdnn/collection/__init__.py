"""Data collection: data sets (forms), periods, submissions, data values with audit, validation."""
