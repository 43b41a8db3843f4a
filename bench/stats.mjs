export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const max = (xs) => Math.max(...xs);
export const round = (x, digits = 1) =>
  x == null || !Number.isFinite(x) ? x : Math.round(x * 10 ** digits) / 10 ** digits;
