/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // sharp is a native module: keep it out of the server bundle.
  serverExternalPackages: ["sharp"],
};

export default nextConfig;
