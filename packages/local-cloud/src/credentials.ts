// The credentials every local client signs with. The local engines do not check them, but the AWS
// SDKs refuse to send a request without some.
export const localCredentials = { accessKeyId: "local", secretAccessKey: "local" };
