/** The page URL the platform signs and checks: everything before `#` (both platforms). */
export const withoutHash = (url: string): string => {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
};
