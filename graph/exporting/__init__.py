"""Batch exports: streamed rows written as CSV, JSON Lines or Parquet, with a manifest."""
