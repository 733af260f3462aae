# One image for web (gunicorn), worker and beat (Celery). Front-end packages come from npm in a
# first stage, so the image needs no Node.js.
FROM node:20-slim AS vendor
WORKDIR /build
COPY package.json package-lock.json* ./
COPY scripts/copy-vendor.mjs scripts/
RUN if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi \
    && npm run --silent vendor

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production
# WeasyPrint renders PDFs with Pango; gettext compiles the Dutch catalogue.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
COPY --from=vendor /build/static/vendor static/vendor
RUN if [ -d locale ]; then \
        DJANGO_SETTINGS_MODULE=config.settings.dev python manage.py compilemessages --verbosity 0; \
    fi \
    && useradd --system --uid 10001 --home-dir /app participatie \
    && mkdir -p /app/staticfiles /app/media /app/var \
    && chown -R participatie /app/staticfiles /app/media /app/var
USER participatie
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--config", "config/gunicorn.py"]
