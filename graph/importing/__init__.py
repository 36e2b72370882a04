"""Loading organisations into the graph: CSV files, the demo generator, reference data."""
