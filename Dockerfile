# The portal's image: gunicorn serves the web app; the same image runs the worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PORTAL_VAR_DIR=/app/var STATIC_ROOT=/app/staticfiles
WORKDIR /app

# PDF reports (WeasyPrint): Pango, and the Noto fonts for Arabic and Chinese
RUN apt-get update && apt-get install -y --no-install-recommends \
    libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 portal
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install ".[s3]"
COPY . .
RUN SECRET_KEY=build-only DEBUG=false STATIC_MANIFEST=true python manage.py collectstatic --no-input \
    && mkdir -p /app/var && chown -R portal:portal /app/var

USER portal
EXPOSE 8000
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi:application"]
