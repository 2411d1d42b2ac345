// Tailwind runs as a PostCSS plugin in Next.js's build.

export default { plugins: { "@tailwindcss/postcss": {} } };
