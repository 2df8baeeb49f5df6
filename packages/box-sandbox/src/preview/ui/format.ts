/** Sizes and counts in the page's language. Pure functions (Intl only). */

export function formatNumber(n: number, locale?: string): string {
  try {
    return new Intl.NumberFormat(locale || undefined).format(n);
  } catch {
    return String(n);
  }
}

export function formatBytes(bytes: number | undefined, locale?: string): string {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) return '';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0 && bytes === 1) return '1 byte';
  let formatted: string;
  try {
    formatted = new Intl.NumberFormat(locale || undefined, {
      maximumFractionDigits: unit === 0 ? 0 : 1,
    }).format(value);
  } catch {
    formatted = String(Math.round(value * 10) / 10);
  }
  return `${formatted} ${units[unit]}`;
}
