# The eventbus command in a container: `java -jar /app/eventbus.jar <command>`, by default
# `projections` (the projections service and its query API on port 8080).
# Built by docker-compose.yml; by hand: docker build -t agent-eventbus .
# See docs/docker-compose.md.

# ---- build: the same jar as the README's `mvn -B -q package -DskipTests` ----------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build

# The poms first: the dependency layer below is rebuilt only when a pom changes.
COPY pom.xml ./
COPY schemas/pom.xml schemas/
COPY api/pom.xml api/
COPY consumer-sdk/pom.xml consumer-sdk/
COPY producer/pom.xml producer/
COPY streams/pom.xml streams/
COPY local-stack/pom.xml local-stack/
COPY test-kit/pom.xml test-kit/
COPY platform/pom.xml platform/
COPY cli/pom.xml cli/
COPY reliability/pom.xml reliability/
COPY benchmarks/pom.xml benchmarks/
COPY architecture/pom.xml architecture/
RUN mvn -B -q dependency:go-offline

# Then the sources, and the package (tests are compiled, not run: `mvn -B verify` runs them).
COPY schemas/src schemas/src
COPY api/src api/src
COPY consumer-sdk/src consumer-sdk/src
COPY producer/src producer/src
COPY streams/src streams/src
COPY local-stack/src local-stack/src
COPY test-kit/src test-kit/src
COPY platform/src platform/src
COPY cli/src cli/src
COPY reliability/src reliability/src
COPY benchmarks/src benchmarks/src
COPY architecture/src architecture/src
RUN mvn -B -q package -DskipTests

# ---- runtime: a JRE and the one runnable jar ---------------------------------------------------
FROM eclipse-temurin:17-jre

# A non-root user owning the projections' state directory; a named volume mounted there starts
# with this ownership.
RUN groupadd --system --gid 10001 eventbus \
    && useradd --system --uid 10001 --gid eventbus --home-dir /app --no-create-home --shell /usr/sbin/nologin eventbus \
    && mkdir -p /app /var/lib/eventbus/projections \
    && chown -R eventbus:eventbus /var/lib/eventbus

COPY --from=build /build/cli/target/eventbus.jar /app/eventbus.jar

USER eventbus
WORKDIR /app

# In a container the query API must listen beyond the loopback interface.
ENV EVENTBUS_PROJECTIONS_HTTP_HOST=0.0.0.0
EXPOSE 8080

ENTRYPOINT ["java", "-jar", "/app/eventbus.jar"]
CMD ["projections"]
