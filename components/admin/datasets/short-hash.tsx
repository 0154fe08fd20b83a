/** A SHA-256 as its first 12 characters; the whole hash on hover and for copy (it is selectable). */
export function ShortHash({ hash }: { hash: string }) {
  return (
    <code title={hash} aria-label={`SHA-256 ${hash}`} className="font-mono text-xs">
      {hash.slice(0, 12)}…
    </code>
  );
}
