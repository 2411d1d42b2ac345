// The local cloud's account: the credentials every local client signs with (the local engines do
// not check them, but the AWS SDKs refuse to send a request without some), its id and its region.
export const localCredentials = { accessKeyId: "local", secretAccessKey: "local" };

export const LOCAL_ACCOUNT = "000000000000";

export const REGION = "us-east-1";
