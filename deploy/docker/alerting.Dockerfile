# The golden-signals alerting service: the image deploy/kubernetes/alerting.yml names
# (registry.example.com/your-org/golden-signals-alerting). Build from the repository root:
#   docker build -f deploy/docker/alerting.Dockerfile -t golden-signals-alerting:0.1.0 .
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
WORKDIR /app
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/packages ./packages
COPY --from=build /src/deploy/alerting/rules ./deploy/alerting/rules
# The node image's unprivileged user; the Deployment also sets runAsUser 1000.
USER 1000
EXPOSE 9095
ENTRYPOINT ["node", "/app/packages/alerting/dist/cli.js"]
CMD ["run", "--config", "/etc/golden-signals-alerting/alerting.yml"]
