// A single-page app: everything renders in the browser, the Worker serves index.html as fallback.
export const ssr = false;
export const prerender = false;
