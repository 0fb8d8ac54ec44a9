/** A relative URL for a key path: each segment percent-encoded, slashes kept. */
export function relativeHref(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** `1.2 MB`, in the 1000-based units a file browser shows. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
