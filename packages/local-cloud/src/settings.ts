// The local cloud's settings come from the environment (DWIPPER_*); one that makes no sense stops
// it with this error, whose message says what to set instead, and `npm run dev` prints just that.
export class SettingError extends Error {}
