# Dyad API image. Runs exactly what the tests and `make serve` run: `dyad migrate`, then
# `dyad ingest --if-empty seeds/`, then uvicorn via `dyad serve`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DYAD_HOST=0.0.0.0 \
    DYAD_PORT=8000 \
    DYAD_DATABASE_URL=sqlite:////app/data/dyad.sqlite3

RUN useradd --create-home --uid 10001 dyad
WORKDIR /app

COPY pyproject.toml constraints.txt README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY seeds ./seeds
# The versions the suite passed with (constraints.txt), not whatever resolves on build day.
RUN pip install -c constraints.txt -e . && mkdir -p /app/data && chown -R dyad:dyad /app
# The SQLite database lives here: mount a volume so it outlives the container.
VOLUME ["/app/data"]

USER dyad
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"

CMD ["sh", "-c", "dyad migrate && dyad ingest --if-empty seeds/ && exec dyad serve"]
