# Our OpenTelemetry Collector distribution (otelcol-gs, tools/peers/otelcol): the image
# deploy/docker-compose.yml builds for both collector tiers, and deploy/kubernetes/otel-collector-*.yml
# name. Build from the repository root:
#   docker build -f deploy/docker/otelcol.Dockerfile -t golden-signals-otelcol:0.159.0 .
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY tools/peers/otelcol/ ./
# The flags of tools/peers/build.sh: only the Prometheus service discoveries the agent uses, no
# DWARF (stripped at link anyway).
RUN CGO_ENABLED=0 go build -mod=readonly -trimpath -tags remove_all_sd,enable_kubernetes_sd \
      -gcflags=all=-dwarf=false -ldflags "-s -w" -o /otelcol-gs .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /otelcol-gs /otelcol-gs
USER 65532
EXPOSE 4317 4318 8888 8889 13133
ENTRYPOINT ["/otelcol-gs"]
