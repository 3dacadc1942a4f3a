# syntax=docker/dockerfile:1
# Build: a static binary (no cgo) with the corpus and prompts embedded.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/pactbot ./cmd/pactbot \
 && mkdir -p /out/data

# Run: no shell, non-root, data on a volume.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/pactbot /usr/local/bin/pactbot
COPY --from=build --chown=65532:65532 /out/data /data
COPY config.example.yaml /etc/pactbot/config.example.yaml
ENV PACTBOT_DATA=/data PACTBOT_HTTP_LISTEN=0.0.0.0:8080
VOLUME ["/data"]
USER 65532:65532
EXPOSE 8080
# No shell in the image: pactbot checks its own /healthz (exit 1, naming
# the address, within 3 s when it does not answer 200).
HEALTHCHECK --interval=30s --timeout=5s --start-period=2m --retries=3 \
  CMD ["/usr/local/bin/pactbot", "health"]
ENTRYPOINT ["/usr/local/bin/pactbot"]
CMD ["serve"]
