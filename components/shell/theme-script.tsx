// Runs before the first paint so a dark-mode user never sees a white flash. The script is a constant
// written here, never user input. It carries the response's CSP nonce (from the root layout): the
// Content-Security-Policy runs no inline script without it.
const script = `(function(){try{var t=localStorage.getItem("theme");var d=t==="dark"||((!t||t==="system")&&window.matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d);}catch(e){}})();`;

export function ThemeScript({ nonce }: { nonce: string | undefined }) {
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: script }} />;
}
