/** The root layout of an empty Next.js app, as create-next-app would leave it with the boilerplate removed. */
export const metadata = { title: "Empty Next.js app" };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
