"""The dump file format of `talentgraph dump` / `restore`: lines and check (`fileformat`), values
(`codec`). Dumping and restoring are services: graph/services/dump.py."""
