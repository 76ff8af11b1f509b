/** Parses the Instagram URLs users paste into a typed download target (shared with the web UI). */
export { InstagramUrlError, parseInstagramUrl, type InstagramTarget } from '@smh/shared/download-target';
