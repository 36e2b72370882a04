# The TalentGraph API. Neo4j comes from docker-compose.yml (or NEO4J_URI).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY api ./api
COPY cypher ./cypher
RUN pip install . && useradd --create-home --uid 10001 talentgraph
USER talentgraph

EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)"
CMD ["talentgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
