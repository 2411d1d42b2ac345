// Every page's frame: the head (metadata, the API's preconnect), the header bar and the providers.

import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { publicConfig } from "@/config/public-config";
import "./globals.css";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: "Dwipper",
  description: "Share your shower thoughts.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        {/* The API is another origin, and a page's first reads go to it before React has hydrated:
            the connection is opened while the page's scripts load. Anonymous, as those reads are
            CORS requests without cookies. */}
        {publicConfig.apiUrl && (
          <link
            rel="preconnect"
            href={new URL(publicConfig.apiUrl).origin}
            crossOrigin="anonymous"
          />
        )}
      </head>
      <body className="min-h-dvh bg-zinc-50 font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <Providers>
          <SiteHeader />
          <main className="mx-auto w-full max-w-xl px-4 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
