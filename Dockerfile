# syntax=docker/dockerfile:1
# The Syncline image: `docker build -t syncline .` at the repository root.
# Stage 1 builds the runner's Spring Boot jar with the Maven wrapper and splits it into layers;
# stage 2 is a JRE with those layers, run as a non-root user. Dependencies (the largest layer)
# change rarely, so a code change rebuilds and pushes only the small application layer.

# The build targets Java 17 bytecode; the runtime is Java 25, whose JIT compiler and garbage
# collector spend 20 to 30 % less CPU on a backfill (docs/adr/0012-java-25-runtime.md).
# ./bench measures the Java this line names.
ARG BUILD_IMAGE=eclipse-temurin:17-jdk-noble
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre-noble

FROM ${BUILD_IMAGE} AS build
# The wrapper downloads Maven with curl (or wget); unzip is optional, it falls back to tar.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The Maven repository is a BuildKit cache, so rebuilds do not download dependencies again.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl sync-runner -am package -DskipTests
# Boot's layered jar, extracted into dependencies/, spring-boot-loader/, snapshot-dependencies/
# and application/, with the launcher (org.springframework.boot.loader.launch.JarLauncher).
RUN java -Djarmode=tools -jar sync-runner/target/syncline-exec.jar extract --layers --launcher --destination /layers

FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="Syncline" \
      org.opencontainers.image.description="Keeps a copy of your Stripe data where your teams work" \
      org.opencontainers.image.source="https://github.com/syncline/syncline"
# A fixed numeric user, so Kubernetes' runAsNonRoot can check it; its home is the writable
# working directory (the embedded Postgres, when configured, keeps its data under it).
RUN groupadd --system --gid 10001 syncline \
 && useradd --system --uid 10001 --gid syncline --home-dir /var/lib/syncline --create-home --shell /usr/sbin/nologin syncline \
 && mkdir -p /etc/syncline
# Least to most often changed; the files stay owned by root, read-only to the application.
COPY --from=build /layers/dependencies/ /app/
COPY --from=build /layers/spring-boot-loader/ /app/
COPY --from=build /layers/snapshot-dependencies/ /app/
COPY --from=build /layers/application/ /app/
# `syncline` on the PATH for one-off commands in a running container, for example
# `kubectl exec deploy/syncline -- syncline dead-letters list --config /etc/syncline/syncline.yaml`.
# Its heap is small (SYNCLINE_CLI_HEAP, 256m) so it fits in the pod's memory limit beside the server.
# `syncline backfill` runs with the batch settings of the repository's ./syncline (ADR 0013);
# SYNCLINE_BACKFILL_JVM_OPTIONS replaces them, and empty means the JVM's defaults.
RUN printf '#!/bin/sh\nbatch=\nif [ "${1:-}" = backfill ]; then batch="${SYNCLINE_BACKFILL_JVM_OPTIONS--XX:TieredStopAtLevel=1 -XX:+UseParallelGC}"; fi\nexec java -Xmx${SYNCLINE_CLI_HEAP:-256m} $batch -cp /app org.springframework.boot.loader.launch.JarLauncher "$@"\n' > /usr/local/bin/syncline \
 && chmod 0755 /usr/local/bin/syncline
USER 10001:10001
WORKDIR /var/lib/syncline
# The HTTP server (webhooks, /status, and Actuator unless management.server.port moves it).
EXPOSE 8080
# The JVM sizes its heap from the container's memory limit and exits on OutOfMemoryError, so the
# orchestrator restarts it; add flags with JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-cp", "/app", "org.springframework.boot.loader.launch.JarLauncher"]
# The CLI's arguments: run the pipelines of the mounted configuration. Another command replaces
# them, for example `docker run syncline validate --config /etc/syncline/syncline.yaml`.
CMD ["run", "--config", "/etc/syncline/syncline.yaml"]
