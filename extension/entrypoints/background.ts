// Service worker: the only part of the extension that talks to the gateway.
export default defineBackground(() => {});
