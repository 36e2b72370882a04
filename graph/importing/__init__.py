"""Loading organisations into the graph: CSV files and reference data (the demo generator,
which writes through the same writer, is `graph.demo`)."""
