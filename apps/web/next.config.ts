import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Security headers (CSP, frame, sniffing, referrer, HSTS) come from src/middleware.ts: connect-src
  // names the API address, which is read at run time, not at build time like headers() here.
  // The workspace packages ship TypeScript source; Next compiles them with the app.
  transpilePackages: ['@payos/contracts', '@payos/money', '@payos/sdk', '@payos/ui'],
  // Lint and typecheck run once for the repository (npm run lint / typecheck), not inside next build.
  eslint: { ignoreDuringBuilds: true },
  typescript: { ignoreBuildErrors: true },
  webpack(webpackConfig) {
    // The workspace packages import their siblings as './x.js' (Node ESM style) from .ts sources.
    webpackConfig.resolve.extensionAlias = { '.js': ['.ts', '.tsx', '.js'] };
    return webpackConfig;
  },
};

export default config;
