# saywho container image: build with the -dev packages, run with only the runtime libraries.
#   docker build -t saywho .        (or: docker compose up --build)
# No secrets here: DATABASE_URL and API_TOKENS come from the environment at run time.

# ---- build stage: compiler, meson, ninja and the -dev packages; thrown away afterwards
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      gcc libc6-dev pkg-config meson ninja-build python3 \
      libmicrohttpd-dev libjansson-dev libpq-dev libcurl4-openssl-dev wordnet-base \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN meson setup /build -Dtests=disabled -Dbuildtype=release \
 && ninja -C /build \
 && strip --strip-all /build/server/saywho \
 && /build/server/saywho --version

# ---- run stage: the runtime libraries (libcurl4 for `saywho import`), a non-root user, the binary
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libmicrohttpd12 libjansson4 libpq5 libcurl4 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \
 && groupadd --system --gid 10001 saywho \
 && useradd --system --uid 10001 --gid saywho --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin saywho
COPY --from=build /build/server/saywho /usr/local/bin/saywho
# Numeric, so Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
# Defaults for non-secrets only; see `saywho --help` for every variable.
ENV HOST=0.0.0.0 PORT=8080 LOG_FORMAT=json
EXPOSE 8080
# saywho waits for SIGTERM itself (sigwait), drains for at most SHUTDOWN_GRACE_MS and
# exits 0; it starts no child processes, so it can run as PID 1 (--init is optional).
STOPSIGNAL SIGTERM
# Readiness of the local server (GET /health, 200 when the database answers), without
# curl in the image. start-period covers DB_STARTUP_SECONDS (default 30).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/saywho", "--healthcheck"]
ENTRYPOINT ["/usr/local/bin/saywho"]
