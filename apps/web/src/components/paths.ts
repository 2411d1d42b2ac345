// The addresses of the pages that show one thing, which people share and paste: one static page
// each, told what to show by the query (ADR 0014).
export const dwippPath = (id: string) => `/dwipp/?id=${encodeURIComponent(id)}`;
export const profilePath = (id: string) => `/user/?id=${encodeURIComponent(id)}`;
