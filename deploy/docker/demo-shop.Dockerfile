# The demo shop under the golden-signals preload: the image deploy/kubernetes/app-deployment.yml
# names (registry.example.com/your-org/golden-signals-demo-shop). Build from the repository root:
#   docker build -f deploy/docker/demo-shop.Dockerfile -t golden-signals-demo-shop:0.1.0 .
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
WORKDIR /app
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/packages ./packages
# The preload comes through NODE_OPTIONS, as in deploy/kubernetes/app-deployment.yml.
ENV NODE_OPTIONS="--require /app/packages/instrumentation/dist/register.js" \
    SHOP_HOST=0.0.0.0 \
    SHOP_PORT=8080 \
    OTEL_EXPORTER_PROMETHEUS_HOST=0.0.0.0 \
    OTEL_EXPORTER_PROMETHEUS_PORT=9464
USER 1000
EXPOSE 8080 9464
ENTRYPOINT ["node", "/app/packages/demo-shop/dist/shopMain.js"]
